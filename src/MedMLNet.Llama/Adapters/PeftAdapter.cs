using MedMLNet.Llama.Modules;

namespace MedMLNet.Llama.Adapters;

/// <summary>A PEFT adapter applied to a model: LoRA (attached to its projections) or a prefix.</summary>
public sealed class PeftAdapter : IDisposable
{
    private PeftAdapter(string kind, LoraOptions? lora, PrefixEncoder? prefix) { Kind = kind; Lora = lora; Prefix = prefix; }

    /// <summary>LORA or PREFIX_TUNING.</summary>
    public string Kind { get; }
    public LoraOptions? Lora { get; }
    public PrefixEncoder? Prefix { get; }

    /// <summary>Reads adapter_config.json and applies the adapter folder to the model.</summary>
    public static PeftAdapter Apply(LlamaForCausalLM model, string dir)
    {
        var type = PeftAdapterConfig.PeftType(PeftAdapterConfig.Read(dir), dir);
        return type switch
        {
            "LORA" => new PeftAdapter(type, LoraWeights.Load(model, dir), null),
            "PREFIX_TUNING" => new PeftAdapter(type, null, PrefixWeights.Load(model, dir)),
            _ => throw new Checkpoints.CheckpointException(Path.Combine(dir, PeftAdapterConfig.FileName), "peft_type", $"'{type}' is not supported", "MedMLNet applies LORA and PREFIX_TUNING adapters"),
        };
    }

    public static PeftAdapter FromPrefix(PrefixEncoder prefix) => new("PREFIX_TUNING", null, prefix);

    public void Dispose() => Prefix?.Dispose();
}
