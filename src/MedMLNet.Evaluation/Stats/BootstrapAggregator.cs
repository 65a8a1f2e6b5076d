using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.Stats;

/// <summary>rouge-score's <c>AggregateScore</c>: the low, mid and high percentiles of the bootstrap means.</summary>
/// <param name="Low">The (1 − level)/2 percentile.</param>
/// <param name="Mid">The median of the bootstrap means.</param>
/// <param name="High">The (1 + level)/2 percentile.</param>
public sealed record AggregateScore(PrfScore Low, PrfScore Mid, PrfScore High);

/// <summary>
/// rouge-score's <c>scoring.BootstrapAggregator(confidence_interval, n_samples)</c>: resample the items with replacement
/// <paramref name="samples"/> times, take each resample's mean P, R and F, and report the percentiles of those means
/// (linear interpolation, numpy's default) — separately per measure, as rouge-score does. Seeded: same seed, same result
/// (the draws are MedMLNet's own, not numpy's).
/// </summary>
public sealed class BootstrapAggregator
{
    private readonly double confidence;
    private readonly int samples;
    private readonly int seed;
    private readonly Dictionary<string, List<PrfScore>> scores = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <param name="confidenceInterval">Confidence level in [0, 1] (0.95).</param>
    /// <param name="samples">Bootstrap resamples (1000).</param>
    /// <param name="seed">Seed of the resampling.</param>
    public BootstrapAggregator(double confidenceInterval = 0.95, int samples = 1000, int seed = 12345)
    {
        if (confidenceInterval is < 0 or > 1) throw new ArgumentException($"confidence interval must be in [0, 1], not {confidenceInterval}.");
        if (samples <= 0) throw new ArgumentException($"bootstrap samples must be positive, not {samples} (--bootstrap).");
        confidence = confidenceInterval;
        this.samples = samples;
        this.seed = seed;
    }

    /// <summary>Adds one item's scores by type ("rouge1", ...).</summary>
    public void AddScores(IEnumerable<KeyValuePair<string, PrfScore>> itemScores)
    {
        foreach (var (type, score) in itemScores)
        {
            if (!scores.TryGetValue(type, out var list)) { scores[type] = list = []; order.Add(type); }
            list.Add(score);
        }
    }

    /// <summary>Adds one item's ROUGE-1/2/L/Lsum.</summary>
    public void AddScores(RougeScore s) => AddScores(RougeTypes(s));

    /// <summary>The ROUGE scores keyed by rouge-score's type names.</summary>
    public static IEnumerable<KeyValuePair<string, PrfScore>> RougeTypes(RougeScore s) =>
    [
        new("rouge1", s.Rouge1), new("rouge2", s.Rouge2), new("rougeL", s.RougeL), new("rougeLsum", s.RougeLsum),
    ];

    /// <summary>The aggregate per type, in the order the types were first added.</summary>
    public IReadOnlyList<KeyValuePair<string, AggregateScore>> Aggregate()
    {
        var result = new List<KeyValuePair<string, AggregateScore>>();
        foreach (var type in order)
        {
            var list = scores[type];
            var rng = new Random(seed);
            var means = new double[3][];
            for (var m = 0; m < 3; m++) means[m] = new double[samples];
            for (var b = 0; b < samples; b++)
            {
                double p = 0, r = 0, f = 0;
                for (var i = 0; i < list.Count; i++)
                {
                    var s = list[rng.Next(list.Count)];
                    p += s.P; r += s.R; f += s.F;
                }
                means[0][b] = p / list.Count; means[1][b] = r / list.Count; means[2][b] = f / list.Count;
            }
            foreach (var m in means) Array.Sort(m);
            var delta = (1 - confidence) / 2;
            PrfScore At(double q) => new(Bootstrap.Quantile(means[0], q), Bootstrap.Quantile(means[1], q), Bootstrap.Quantile(means[2], q));
            result.Add(new(type, new AggregateScore(At(delta), At(0.5), At(1 - delta))));
        }
        return result;
    }
}
