using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Generation;

/// <summary>Reply-level confidence and low-confidence spans on hand-made log-probabilities.</summary>
public class ReplyConfidenceTests
{
    [Fact]
    public void MeanGeometricMeanAndMinimumAreHandDerivable()
    {
        // ln 0.5, ln 0.25, ln 1 → mean = (ln 0.5 + ln 0.25) / 3 = ln(0.125) / 3 → geometric mean = 0.5.
        var lps = new[] { (float)Math.Log(0.5), (float)Math.Log(0.25), 0f };
        var c = ReplyConfidence.From(lps);
        Assert.Equal(Math.Log(0.125) / 3, c.MeanLogProb, 5);
        Assert.Equal(0.5, c.GeometricMeanProb, 5);
        Assert.Equal((float)Math.Log(0.25), c.MinLogProb);
        Assert.Equal(1, c.MinIndex);
        Assert.Equal(3, c.TokenCount);
    }

    [Fact]
    public void EmptyReplyHasNoMinimum()
    {
        var c = ReplyConfidence.From(Array.Empty<float>());
        Assert.Equal(-1, c.MinIndex);
        Assert.Equal(1.0, c.GeometricMeanProb);
    }

    [Fact]
    public void PositiveLogProbIsRejected() => Assert.Throws<ArgumentException>(() => ReplyConfidence.From(new[] { -0.1f, 0.7f }));

    [Fact]
    public void LowSpansAreMaximalRunsBelowThreshold()
    {
        var lps = new[] { -0.1f, -3f, -2.5f, -0.2f, -4f, -0.1f, -5f, -6f };
        var spans = ReplyConfidence.LowSpans(lps, -2f);
        Assert.Equal(new[] { new LowConfidenceSpan(1, 2, -3f), new LowConfidenceSpan(4, 1, -4f), new LowConfidenceSpan(6, 2, -6f) }, spans);
    }

    [Fact]
    public void ProbabilityThresholdIsTheLogOfIt()
    {
        var tokens = new[] { 0.9, 0.05, 0.3 }.Select((p, i) => new GeneratedToken(i, (float)Math.Log(p), [])).ToArray();
        var spans = ReplyConfidence.LowSpans(tokens, 0.5);
        Assert.Equal(new[] { new LowConfidenceSpan(1, 2, (float)Math.Log(0.05)) }, spans);
    }

    [Fact]
    public void Low_span_texts_decode_each_unsure_run_and_leave_out_the_end_of_turn_token()
    {
        using var tmp = RepoPaths.TempDir();
        var tokenizer = Llama3Tokenizer.FromPretrained(TinyCheckpoint.Make(tmp.Path));
        GeneratedToken T(int id, float lp) => new(id, lp, []);
        var tokens = tokenizer.Encode("rest ").Select(id => T(id, -0.05f))
            .Concat(tokenizer.Encode("ibuprofen").Select(id => T(id, -3f)))
            .Concat(tokenizer.Encode(" daily").Select(id => T(id, -0.05f)))
            .Append(T(tokenizer.EndOfTurnId, -5f)).ToList();
        Assert.Equal(["ibuprofen"], ReplyConfidence.LowSpanTexts(tokens, 0.1, tokenizer));
        Assert.Empty(ReplyConfidence.LowSpanTexts(tokens, 0.01, tokenizer));
    }
}
