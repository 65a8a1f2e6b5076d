using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.Stats;

/// <summary>
/// Seeded percentile bootstrap: resample items with replacement, recompute the statistic, take the
/// (1−level)/2 and (1+level)/2 quantiles. Same seed, same data → same interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>Default resamples.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>CI of any statistic of a sample.</summary>
    public static ConfidenceInterval Ci<T>(IReadOnlyList<T> sample, Func<IReadOnlyList<T>, double> statistic,
        int resamples = DefaultResamples, double level = 0.95, int seed = 12345)
    {
        if (sample.Count == 0) throw new ArgumentException("bootstrap needs at least one item.");
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), "level must be in (0, 1).");
        var rng = new Random(seed);
        var stats = new double[resamples];
        var buffer = new T[sample.Count];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < buffer.Length; i++) buffer[i] = sample[rng.Next(sample.Count)];
            stats[b] = statistic(buffer);
        }
        Array.Sort(stats);
        return new ConfidenceInterval(statistic(sample), Quantile(stats, (1 - level) / 2), Quantile(stats, (1 + level) / 2), level);
    }

    /// <summary>CI of a mean.</summary>
    public static ConfidenceInterval Mean(IReadOnlyList<double> values, int resamples = DefaultResamples, double level = 0.95, int seed = 12345) =>
        Ci(values, s => s.Average(), resamples, level, seed);

    /// <summary>CI of corpus BLEU, resampling segments' sufficient statistics (as sacrebleu's bootstrap does).</summary>
    public static ConfidenceInterval CorpusBleu(IReadOnlyList<BleuStats> segments, int resamples = DefaultResamples, double level = 0.95, int seed = 12345) =>
        Ci(segments, s => Bleu.Compute(BleuStats.Sum(s, segments[0].Correct.Length), effectiveOrder: false).Score, resamples, level, seed);

    /// <summary>
    /// Paired bootstrap of the difference of means (b − a) over the same items, e.g. fine-tuned minus base.
    /// </summary>
    public static ConfidenceInterval PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = DefaultResamples, double level = 0.95, int seed = 12345)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired bootstrap needs the same items ({a.Count} vs {b.Count}).");
        return Ci(Enumerable.Range(0, a.Count).Select(i => b[i] - a[i]).ToList(), s => s.Average(), resamples, level, seed);
    }

    /// <summary>Linear-interpolated quantile of sorted values (numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 1) return sorted[0];
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
