namespace MedMLNet.Evaluation.Stats;

/// <summary>
/// A corpus metric as sufficient statistics: one vector per segment, summed over any subset of segments and turned
/// into the score by <see cref="Score"/> (BLEU's counts, chrF's n-gram triplets, TER's edits and lengths, or
/// [value, 1] for a mean of per-item scores).
/// </summary>
/// <param name="Name">The metric's name ("bleu", "chrf", "ter", "rougeL", ...).</param>
/// <param name="Segments">Per segment, its statistics (all the same length).</param>
/// <param name="Score">The corpus score of summed statistics.</param>
public sealed record SegmentStatistics(string Name, IReadOnlyList<double[]> Segments, Func<double[], double> Score)
{
    /// <summary>Statistics of a per-item score whose corpus score is the mean.</summary>
    public static SegmentStatistics Mean(string name, IReadOnlyList<double> values) =>
        new(name, values.Select(v => new[] { v, 1.0 }).ToList(), s => s[1] > 0 ? s[0] / s[1] : 0.0);

    /// <summary>The score over all segments.</summary>
    public double Total() => Score(Sum(Enumerable.Range(0, Segments.Count)));

    /// <summary>The element-wise sum of the statistics of <paramref name="indices"/>.</summary>
    public double[] Sum(IEnumerable<int> indices)
    {
        var sum = new double[Segments.Count == 0 ? 0 : Segments[0].Length];
        foreach (var i in indices) { var s = Segments[i]; for (var k = 0; k < sum.Length; k++) sum[k] += s[k]; }
        return sum;
    }
}

/// <summary>One metric's comparison of a baseline (A) and a system (B) on the same segments.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Baseline">A's corpus score.</param>
/// <param name="System">B's corpus score.</param>
/// <param name="PValue">The test's p-value for |B − A| (two-sided).</param>
/// <param name="Samples">Resamples or trials.</param>
/// <param name="SystemCi">For the paired bootstrap, B's 95% interval over the resamples; else null.</param>
public sealed record PairedTestResult(string Metric, double Baseline, double System, double PValue, int Samples, ConfidenceInterval? SystemCi = null)
{
    /// <summary>B − A.</summary>
    public double Delta => System - Baseline;
}

/// <summary>
/// sacrebleu's paired significance tests between a baseline and a system on the same segments
/// (<c>sacrebleu.significance</c>): the paired bootstrap of Koehn (2004) as Moses'
/// bootstrap-hypothesis-difference-significance.pl computes it (1000 resamples: p = (#{|Δ*| − mean|Δ*| &gt; |Δ|} + 1) / (n + 1)),
/// and the approximate randomization test of Riezler and Maxwell (2005) (10000 trials, each segment's two outputs
/// swapped with probability ½: p = (#{|Δ*| &gt; |Δ|} + 1) / (n + 1)). Seeded (MedMLNet's own draws, not numpy's).
/// </summary>
public static class PairedSignificance
{
    /// <summary>sacrebleu's default paired-bootstrap resamples.</summary>
    public const int BootstrapSamples = 1000;

    /// <summary>sacrebleu's default approximate-randomization trials.</summary>
    public const int RandomizationTrials = 10000;

    /// <summary>sacrebleu's <c>_paired_bs_test</c>.</summary>
    public static PairedTestResult PairedBootstrap(SegmentStatistics baseline, SegmentStatistics system, int samples = BootstrapSamples, int seed = 12345)
    {
        Check(baseline, system, samples);
        var n = baseline.Segments.Count;
        var realDiff = Math.Abs(system.Total() - baseline.Total());
        var rng = new Random(seed);
        var diffs = new double[samples];
        var sysScores = new double[samples];
        var idx = new int[n];
        for (var b = 0; b < samples; b++)
        {
            for (var i = 0; i < n; i++) idx[i] = rng.Next(n);
            var bl = baseline.Score(baseline.Sum(idx));
            var sys = system.Score(system.Sum(idx));
            sysScores[b] = sys;
            diffs[b] = Math.Abs(sys - bl);
        }
        var mean = diffs.Average();
        var count = diffs.Count(d => d - mean > realDiff);
        Array.Sort(sysScores);
        var ci = new ConfidenceInterval(sysScores.Average(), Bootstrap.Quantile(sysScores, 0.025), Bootstrap.Quantile(sysScores, 0.975), 0.95);
        return new PairedTestResult(baseline.Name, baseline.Total(), system.Total(), (count + 1.0) / (samples + 1), samples, ci);
    }

    /// <summary>sacrebleu's <c>_paired_ar_test</c>.</summary>
    public static PairedTestResult ApproximateRandomization(SegmentStatistics baseline, SegmentStatistics system, int trials = RandomizationTrials, int seed = 12345)
    {
        Check(baseline, system, trials);
        var n = baseline.Segments.Count;
        var realDiff = Math.Abs(system.Total() - baseline.Total());
        var rng = new Random(seed);
        var width = baseline.Segments[0].Length;
        var a = new double[width];
        var b = new double[width];
        var count = 0;
        for (var t = 0; t < trials; t++)
        {
            Array.Clear(a);
            Array.Clear(b);
            for (var i = 0; i < n; i++)
            {
                var swap = rng.Next(2) == 1;
                var (toA, toB) = swap ? (baseline.Segments[i], system.Segments[i]) : (system.Segments[i], baseline.Segments[i]);
                for (var k = 0; k < width; k++) { a[k] += toA[k]; b[k] += toB[k]; }
            }
            if (Math.Abs(baseline.Score(a) - baseline.Score(b)) > realDiff) count++;
        }
        return new PairedTestResult(baseline.Name, baseline.Total(), system.Total(), (count + 1.0) / (trials + 1), trials);
    }

    private static void Check(SegmentStatistics a, SegmentStatistics b, int samples)
    {
        if (a.Segments.Count != b.Segments.Count)
            throw new ArgumentException($"a paired test needs the same segments ({a.Segments.Count} vs {b.Segments.Count}).");
        if (a.Segments.Count == 0) throw new ArgumentException("a paired test needs at least one segment.");
        if (samples <= 0) throw new ArgumentException($"resamples must be positive, not {samples}.");
    }
}
