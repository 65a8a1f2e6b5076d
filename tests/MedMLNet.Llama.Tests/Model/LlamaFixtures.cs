using System.Text.Json;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Model;

/// <summary>../shared/fixtures/llama: cases.json, the expected tensors, and the tiny checkpoints they were made from.</summary>
public static class LlamaFixtures
{
    private static readonly Lazy<List<JsonElement>> cases = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("llama", "expected", "cases.json"))).RootElement.EnumerateArray().ToList());
    private static readonly Lazy<SafeTensorsFile> expected = new(() => SafeTensorsFile.Open(RepoPaths.Fixture("llama", "expected", "expected.safetensors")));
    private static readonly object gate = new();
    private static readonly Dictionary<string, (LlamaForCausalLM Model, PrefixEncoder? Prefix)> models = new();

    public static string Dir(string name) => RepoPaths.Fixture("llama", name);

    public static IEnumerable<JsonElement> Cases(string kind) => cases.Value.Where(c => c.GetProperty("kind").GetString() == kind);

    public static JsonElement Case(string name) => cases.Value.Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases(kind)) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static Tensor Expected(string tensor) => expected.Value.Load(tensor);

    public static long[] Ids(JsonElement c, string property) => c.GetProperty(property).EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static ScalarType DType(JsonElement c) => c.TryGetProperty("dtype", out var d) ? DTypes.Parse(d.GetString()!) : ScalarType.Float32;

    /// <summary>The case's model (+ adapter) in its dtype, loaded once per process. Do not dispose.</summary>
    public static (LlamaForCausalLM Model, PrefixEncoder? Prefix) Load(JsonElement c)
    {
        var model = c.GetProperty("model").GetString()!;
        var adapter = c.TryGetProperty("adapter", out var a) ? a.GetString() : null;
        var dtype = DType(c);
        var key = $"{model}|{adapter}|{dtype}";
        lock (gate)
        {
            if (models.TryGetValue(key, out var loaded)) return loaded;
            var m = LlamaForCausalLM.FromPretrained(Dir(model), dtype);
            PrefixEncoder? prefix = null;
            if (adapter != null) prefix = PeftAdapter.Apply(m, Dir(adapter)).Prefix;
            models[key] = (m, prefix);
            return (m, prefix);
        }
    }

    /// <summary>Logits [T, V] in fp32 for a batch-1 run of <paramref name="ids"/>.</summary>
    public static Tensor Logits(LlamaForCausalLM model, PrefixEncoder? prefix, long[] ids, long[]? positions = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(ids).unsqueeze(0);
        var inputs = new LlamaInputs(input)
        {
            PositionIds = positions is null ? null : tensor(positions).unsqueeze(0),
            PastKeyValues = prefix?.ToCache(1, model.DType),
        };
        return model.Forward(inputs)[0].to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        using var d = (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max();
        return d.item<double>();
    }
}
