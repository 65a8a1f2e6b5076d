namespace MedMLNet.Llama.Tests.Training;

/// <summary>Tests that seed and draw from torch's global RNG (LoRA dropout) must not run in parallel with each other.</summary>
[CollectionDefinition(Name)]
public sealed class GlobalRngCollection
{
    public const string Name = "torch global RNG";
}
