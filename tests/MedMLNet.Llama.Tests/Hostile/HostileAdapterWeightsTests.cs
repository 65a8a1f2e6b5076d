using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// Crafted adapter_model.safetensors files (valid safetensors, wrong for the adapter) are a <see cref="CheckpointException"/>
/// naming the file, the tensor and the problem — and a rejected LoRA adapter leaves the model without adapters.
/// </summary>
public class HostileAdapterWeightsTests
{
    private const string QA = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight";
    private const string QB = "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight";
    private const string LastA = "base_model.model.model.layers.1.mlp.up_proj.lora_A.weight";

    private static void Set(Dictionary<string, Tensor> t, string key, Func<Tensor, Tensor> edit)
    {
        var old = t[key];
        t[key] = edit(old);
        old.Dispose();
    }

    private static Tensor WithValue(Tensor t, double value)
    {
        var c = t.clone();
        c.view(-1)[0] = value;
        return c;
    }

    public static TheoryData<string, string, string> LoraCases => new()
    {
        { "a layer the model does not have", "layers.5", "matches no module" },
        { "A flattened to one dimension", QA, "1 dimensions, expected 2" },
        { "A with a third dimension", QA, "3 dimensions, expected 2" },
        { "A one column short of the projection's input", QA, "do not fit" },
        { "B with rank 4 where r is 8", QA, "do not fit" },
        { "A stored as I32", QA, "not a floating-point type" },
        { "B stored as BOOL", QB, "not a floating-point type" },
        { "NaN in A", QA, "NaN or infinite" },
        { "+Inf in B", QB, "NaN or infinite" },
        { "lora_B missing for a lora_A", QB, "missing" },
        { "NaN in the last projection's A", LastA, "NaN or infinite" },
    };

    private static void Edit(string name, Dictionary<string, Tensor> t)
    {
        switch (name)
        {
            case "a layer the model does not have": t[QA.Replace("layers.0", "layers.5")] = t[QA].clone(); break;
            case "A flattened to one dimension": Set(t, QA, a => a.flatten().clone()); break;
            case "A with a third dimension": Set(t, QA, a => a.unsqueeze(0).clone()); break;
            case "A one column short of the projection's input": Set(t, QA, a => a[.., ..^1].contiguous()); break;
            case "B with rank 4 where r is 8": Set(t, QB, b => b[.., ..4].contiguous()); break;
            case "A stored as I32": Set(t, QA, a => a.to(ScalarType.Int32)); break;
            case "B stored as BOOL": Set(t, QB, b => b.ne(0)); break;
            case "NaN in A": Set(t, QA, a => WithValue(a, double.NaN)); break;
            case "+Inf in B": Set(t, QB, b => WithValue(b, double.PositiveInfinity)); break;
            case "lora_B missing for a lora_A": t.Remove(QB, out var removed); removed!.Dispose(); break;
            case "NaN in the last projection's A": Set(t, LastA, a => WithValue(a, double.NaN)); break;
        }
    }

    [Theory]
    [MemberData(nameof(LoraCases))]
    public void CraftedLoraWeightsAreRejectedNamingFileTensorAndProblem(string name, string keyPart, string problem)
    {
        using var dir = AdapterFolders.Copy("lora-adapter");
        AdapterFolders.EditWeights(dir.Path, t => Edit(name, t));
        var e = Assert.Throws<CheckpointException>(() => AdapterFolders.Apply(dir.Path));
        Assert.Contains(PeftAdapterConfig.WeightsFile, e.Message);
        Assert.Contains(keyPart, e.Key);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ARejectedLoraAdapterLeavesTheModelWithoutAdapters()
    {
        using var dir = AdapterFolders.Copy("lora-adapter");
        AdapterFolders.EditWeights(dir.Path, t => Edit("NaN in the last projection's A", t));
        Assert.Throws<CheckpointException>(() => LoraWeights.Load(AdapterFolders.Model, dir.Path));
        Assert.Equal(0, AdapterFolders.AttachedCount());
    }

    [Fact]
    public void TheUneditedFixtureStillLoads()
    {
        using var dir = AdapterFolders.Copy("lora-adapter");
        AdapterFolders.EditWeights(dir.Path, _ => { });
        var options = LoraWeights.Load(AdapterFolders.Model, dir.Path);
        Assert.Equal(28, AdapterFolders.AttachedCount() * 2);
        Assert.Equal(8, options.Rank);
        foreach (var p in AdapterFolders.Model.Projections()) p.DetachLora()?.Dispose();
    }

    public static TheoryData<string, string> PrefixCases => new()
    {
        { "a scalar", "0 dimensions, expected 2" },
        { "one column short", "prompt_embeddings must be [num_virtual_tokens, 256]" },
        { "stored as I64", "not a floating-point type" },
        { "a NaN", "NaN or infinite" },
        { "an extra tensor", "matches no module" },
        { "three virtual tokens where the config says four", "3 virtual tokens, config says 4" },
    };

    [Theory]
    [MemberData(nameof(PrefixCases))]
    public void CraftedPrefixWeightsAreRejectedNamingFileAndProblem(string name, string problem)
    {
        using var dir = AdapterFolders.Copy("prefix-adapter");
        AdapterFolders.EditWeights(dir.Path, t =>
        {
            const string K = PrefixWeights.Key;
            switch (name)
            {
                case "a scalar": Set(t, K, w => w[0, 0].clone()); break;
                case "one column short": Set(t, K, w => w[.., ..^1].contiguous()); break;
                case "stored as I64": Set(t, K, w => w.to(ScalarType.Int64)); break;
                case "a NaN": Set(t, K, w => WithValue(w, double.NaN)); break;
                case "an extra tensor": t["prompt_embeddings_2"] = t[K].clone(); break;
                case "three virtual tokens where the config says four": Set(t, K, w => w[..3].contiguous()); break;
            }
        });
        var e = Assert.Throws<CheckpointException>(() => AdapterFolders.Apply(dir.Path));
        Assert.Contains(PeftAdapterConfig.WeightsFile, e.Message);
        Assert.Contains(problem, e.Message);
    }
}
