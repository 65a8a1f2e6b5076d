namespace MedMLNet.Llama.Adapters;

/// <summary>PEFT's PrefixTuningConfig without projection: a learned past key/value prefix per layer.</summary>
public sealed record PrefixOptions
{
    public int NumVirtualTokens { get; init; } = 20;
    public long Seed { get; init; } = 1;

    public PrefixOptions Validate()
    {
        if (NumVirtualTokens <= 0) throw new ArgumentException($"--virtual-tokens must be positive, got {NumVirtualTokens}.");
        return this;
    }
}
