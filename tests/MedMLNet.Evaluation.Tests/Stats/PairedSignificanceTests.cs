using MedMLNet.Evaluation.Stats;

namespace MedMLNet.Evaluation.Tests.Stats;

/// <summary>sacrebleu's paired bootstrap and approximate randomization, on cases whose p-values follow from the definitions.</summary>
public class PairedSignificanceTests
{
    [Fact]
    public void OneSegmentCannotBeatItsOwnDifference()
    {
        // one segment: every resample / trial reproduces |Δ| = 1 exactly, never more → p = 1 / (n + 1)
        var a = SegmentStatistics.Mean("m", [0.0]);
        var b = SegmentStatistics.Mean("m", [1.0]);
        Assert.Equal(1.0 / 1001, PairedSignificance.PairedBootstrap(a, b).PValue, 15);
        Assert.Equal(1.0 / 10001, PairedSignificance.ApproximateRandomization(a, b).PValue, 15);
    }

    [Fact]
    public void ConsistentGainIsSignificantAndNoiseIsNot()
    {
        var rng = new Random(7);
        var baseline = Enumerable.Range(0, 200).Select(_ => rng.NextDouble()).ToList();
        var better = baseline.Select(v => v + 0.1 + 0.05 * (rng.NextDouble() - 0.5)).ToList();
        var shuffled = baseline.Select((v, i) => baseline[(i + 1) % baseline.Count]).ToList();   // same values, no paired gain
        var a = SegmentStatistics.Mean("m", baseline);
        Assert.True(PairedSignificance.PairedBootstrap(a, SegmentStatistics.Mean("m", better)).PValue < 0.01);
        Assert.True(PairedSignificance.ApproximateRandomization(a, SegmentStatistics.Mean("m", better), 2000).PValue < 0.01);
        Assert.True(PairedSignificance.PairedBootstrap(a, SegmentStatistics.Mean("m", shuffled)).PValue > 0.2);
        Assert.True(PairedSignificance.ApproximateRandomization(a, SegmentStatistics.Mean("m", shuffled), 2000).PValue > 0.2);
    }

    [Fact]
    public void SameSeedSameResult()
    {
        var a = SegmentStatistics.Mean("m", [0.1, 0.5, 0.3, 0.9]);
        var b = SegmentStatistics.Mean("m", [0.2, 0.4, 0.6, 0.8]);
        Assert.Equal(PairedSignificance.PairedBootstrap(a, b, seed: 3), PairedSignificance.PairedBootstrap(a, b, seed: 3));
        Assert.Equal(PairedSignificance.ApproximateRandomization(a, b, seed: 3), PairedSignificance.ApproximateRandomization(a, b, seed: 3));
        Assert.Throws<ArgumentException>(() => PairedSignificance.PairedBootstrap(a, SegmentStatistics.Mean("m", [0.1])));
    }
}
