using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>The benchmark runs and counts what it encodes (speed itself is reported by `medmlnet bench`, not asserted).</summary>
public sealed class TokenizerBenchmarkTests
{
    [Fact]
    public void CountsTokensAndCharacters()
    {
        string[] text = ["hello world", "user"];
        var result = TokenizerBenchmark.Run(TinyTokenizer.Instance, seconds: 0.05, text);
        var rounds = result.Characters / 15;                       // 11 + 4 characters per round
        Assert.True(rounds > 0);
        Assert.Equal(rounds * 15, result.Characters);
        Assert.Equal(rounds * 3, result.Tokens);                   // [hello, " world"] + [user]
        Assert.True(result.TokensPerSecond > 0);
        Assert.Contains("M tokens/s", result.ToString());
    }
}
