using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>Every string of ../shared/fixtures/tokenizer/llama3_cases.jsonl, token for token, in both modes.</summary>
[Collection(RealLlama3Collection.Name)]
public sealed class Llama3GoldenTests(RealLlama3Fixture real)
{
    public static TheoryData<int> CaseIndices() => new(Enumerable.Range(0, Cases.Value.Count));

    private static readonly Lazy<List<(string Text, int[] Ids, int[] IdsSpecials)>> Cases = new(() =>
        File.ReadLines(RepoPaths.Fixture("tokenizer", "llama3_cases.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("text").GetString()!,
                e.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                e.GetProperty("ids_specials").EnumerateArray().Select(x => x.GetInt32()).ToArray()))
            .ToList());

    [Fact]
    public void FixtureHasAllCases() => Assert.Equal(120, Cases.Value.Count);

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void PlainEncodingMatchesHuggingFace(int index)
    {
        var (text, ids, _) = Cases.Value[index];
        Assert.Equal(ids, real.Tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void TrustedEncodingMatchesHuggingFaceWithSpecials(int index)
    {
        var (text, _, idsSpecials) = Cases.Value[index];
        Assert.Equal(idsSpecials, real.Tokenizer.EncodeTrusted(text));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void DecodeRestoresTheText(int index)
    {
        var (text, ids, idsSpecials) = Cases.Value[index];
        Assert.Equal(text, real.Tokenizer.Decode(ids));
        Assert.Equal(text, real.Tokenizer.Decode(idsSpecials));
    }
}
