using MedMLNet.Llama.Generation;

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
}
