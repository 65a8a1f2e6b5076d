using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>Copies of the real PEFT adapter fixtures (lora-adapter, prefix-adapter over llama31-fp32) with one file edited.</summary>
internal static class AdapterFolders
{
    private static readonly Lazy<LlamaForCausalLM> model = new(() => LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama31-fp32")));

    /// <summary>The base model the fixtures were trained on, shared; <see cref="Apply"/> leaves it without adapters.</summary>
    public static LlamaForCausalLM Model => model.Value;

    public static TempDir Copy(string fixture)
    {
        var dir = RepoPaths.TempDir("medmlnet-hostile-adapter");
        foreach (var f in Directory.GetFiles(LlamaFixtures.Dir(fixture))) File.Copy(f, Path.Combine(dir.Path, Path.GetFileName(f)));
        return dir;
    }

    /// <summary>Rewrites adapter_model.safetensors through <paramref name="edit"/> on its tensors (loaded as owned copies).</summary>
    public static void EditWeights(string dir, Action<Dictionary<string, Tensor>> edit)
    {
        var path = Path.Combine(dir, PeftAdapterConfig.WeightsFile);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (var file = SafeTensorsFile.Open(path))
            foreach (var name in file.Tensors.Keys)
                using (var t = file.Load(name)) tensors[name] = t.clone();
        edit(tensors);
        SafeTensorsWriter.Save(path, tensors);
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>Sets top-level keys of adapter_config.json to the raw JSON values given.</summary>
    public static void EditConfig(string dir, params (string Key, string Json)[] values)
    {
        var path = Path.Combine(dir, PeftAdapterConfig.FileName);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var (key, json) in values) config[key] = System.Text.Json.Nodes.JsonNode.Parse(json);
        File.WriteAllText(path, config.ToJsonString());
    }

    /// <summary>Applies the folder to <see cref="Model"/>, then removes whatever it attached.</summary>
    public static void Apply(string dir)
    {
        try { PeftAdapter.Apply(Model, dir).Dispose(); }
        finally { Detach(); }
    }

    public static int AttachedCount() => Model.Projections().Count(p => p.Lora != null);

    private static void Detach()
    {
        foreach (var p in Model.Projections()) p.DetachLora()?.Dispose();
    }
}
