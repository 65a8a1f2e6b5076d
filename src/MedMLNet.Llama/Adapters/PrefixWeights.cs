using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Adapters;

/// <summary>Loads and saves PEFT prefix-tuning adapter folders (one F32 tensor `prompt_embeddings`).</summary>
public static class PrefixWeights
{
    public const string Key = LlamaKeys.PromptEmbeddings;

    public static PrefixEncoder Load(LlamaForCausalLM model, string dir)
    {
        var config = PeftAdapterConfig.Read(dir);
        var type = PeftAdapterConfig.PeftType(config, dir);
        if (type != "PREFIX_TUNING") throw new CheckpointException(Path.Combine(dir, PeftAdapterConfig.FileName), "peft_type", $"'{type}' where PREFIX_TUNING was expected");
        var nvt = PeftAdapterConfig.ReadPrefix(config, dir, model.Config);
        var path = Path.Combine(dir, PeftAdapterConfig.WeightsFile);
        if (!File.Exists(path)) throw new CheckpointException(path, null, "not found");
        using var file = SafeTensorsFile.Open(path);
        AdapterTensors.RejectExtra(file, new HashSet<string>(StringComparer.Ordinal) { Key });
        using var w = AdapterTensors.Load(file, Key, 2);
        if (w.shape[0] != nvt) throw new CheckpointException(path, Key, $"{w.shape[0]} virtual tokens, config says {nvt}");
        try { return new PrefixEncoder(w, model.Config); }
        catch (ArgumentException e) { throw new CheckpointException(path, Key, e.Message); }
    }

    public static void Save(PrefixEncoder prefix, string dir, string baseModel)
    {
        Directory.CreateDirectory(dir);
        SafeTensorsWriter.Save(Path.Combine(dir, PeftAdapterConfig.WeightsFile), new Dictionary<string, Tensor> { [Key] = prefix.Weight.detach() });
        PeftAdapterConfig.WritePrefix(dir, (int)prefix.NumVirtualTokens, prefix.Config, baseModel);
    }
}
