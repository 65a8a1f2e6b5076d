namespace MedMLNet.Llama.Tests.Training;

/// <summary>Training tests that seed or draw from torch's global RNG (model scrambles, weight noise) run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GlobalRngCollection
{
    public const string Name = "torch global RNG";
}
