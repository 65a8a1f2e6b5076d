using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>One metric's significance between a baseline and a system: sacrebleu's paired bootstrap and approximate randomization.</summary>
/// <param name="Metric">"corpus_bleu_en", "corpus_chrf_zh", "corpus_ter_en", or a per-item mean: "bleu", "rougeL", "meteor", ...</param>
/// <param name="Bootstrap">The paired bootstrap (p-value, the system's 95% interval).</param>
/// <param name="Randomization">The approximate randomization test.</param>
public sealed record MetricComparison(string Metric, PairedTestResult Bootstrap, PairedTestResult Randomization)
{
    /// <summary>The baseline's score.</summary>
    public double Baseline => Bootstrap.Baseline;

    /// <summary>The system's score.</summary>
    public double System => Bootstrap.System;
}

/// <summary>
/// Paired significance of a system against a baseline on the same items, for every metric both were scored with:
/// corpus BLEU, chrF and TER per language from their sufficient statistics (as sacrebleu's <c>--paired-bs</c> and
/// <c>--paired-ar</c> do), and the means of the per-item scores (ROUGE F, METEOR, sentence BLEU) the same way.
/// </summary>
public static class SystemComparison
{
    /// <summary>Compares <paramref name="system"/> with <paramref name="baseline"/>; items are paired by position and must have the same ids.</summary>
    public static IReadOnlyList<MetricComparison> Compare(
        IReadOnlyList<EvalItem> baselineItems, IReadOnlyList<ItemScores> baselineScores,
        IReadOnlyList<EvalItem> systemItems, IReadOnlyList<ItemScores> systemScores, MetricOptions options,
        int bootstrapSamples = PairedSignificance.BootstrapSamples, int randomizationTrials = PairedSignificance.RandomizationTrials, int seed = 12345)
    {
        if (baselineItems.Count != systemItems.Count || !baselineItems.Select(i => i.Id).SequenceEqual(systemItems.Select(i => i.Id), StringComparer.Ordinal))
            throw new ArgumentException($"the two systems must be scored on the same items in the same order ({baselineItems.Count} vs {systemItems.Count} items).");
        var a = Statistics(baselineItems, baselineScores, options);
        var b = Statistics(systemItems, systemScores, options);
        var result = new List<MetricComparison>();
        foreach (var (name, sa) in a)
        {
            if (!b.TryGetValue(name, out var sb)) continue;
            result.Add(new MetricComparison(name,
                PairedSignificance.PairedBootstrap(sa, sb, bootstrapSamples, seed),
                PairedSignificance.ApproximateRandomization(sa, sb, randomizationTrials, seed)));
        }
        return result;
    }

    /// <summary>Every metric of the scores as segment statistics, by name (corpus metrics per language first).</summary>
    public static IReadOnlyDictionary<string, SegmentStatistics> Statistics(IReadOnlyList<EvalItem> items, IReadOnlyList<ItemScores> scores, MetricOptions options)
    {
        var d = new Dictionary<string, SegmentStatistics>(StringComparer.Ordinal);
        if (items.Count == 0) return d;
        foreach (var lang in items.Select(i => Language.Normalize(i.Lang)).Distinct().Order(StringComparer.Ordinal))
        {
            var idx = Enumerable.Range(0, items.Count).Where(i => Language.Normalize(items[i].Lang) == lang).ToList();
            if (options.Has(TextMetrics.Bleu))
            {
                var effective = options.Bleu.EffectiveOrder ?? false;
                d["corpus_bleu_" + lang] = new SegmentStatistics("corpus_bleu_" + lang, idx.Select(i =>
                {
                    var s = Bleu.Statistics(items[i].Hypothesis, items[i].References, options.Bleu, lang);
                    return (double[])[s.SysLen, s.RefLen, .. s.Correct.Select(c => (double)c), .. s.Total.Select(t => (double)t)];
                }).ToList(), v =>
                {
                    var order = (v.Length - 2) / 2;
                    var stats = new BleuStats((int)v[0], (int)v[1], v.Skip(2).Take(order).Select(x => (int)x).ToArray(), v.Skip(2 + order).Select(x => (int)x).ToArray());
                    return Bleu.Compute(stats, options.Bleu, effective).Score;
                });
            }
            if (scores.All(s => s.Chrf != null))
                d["corpus_chrf_" + lang] = new SegmentStatistics("corpus_chrf_" + lang, idx.Select(i => scores[i].Chrf!.Stats.Select(x => (double)x).ToArray()).ToList(),
                    v => Chrf.FScore(v.Select(x => (int)x).ToArray(), options.Chrf));
            if (scores.All(s => s.Ter != null))
                d["corpus_ter_" + lang] = new SegmentStatistics("corpus_ter_" + lang, idx.Select(i => new[] { scores[i].Ter!.Edits, scores[i].Ter!.RefLength }).ToList(),
                    v => Ter.FromStats([(v[0], v[1])]).Score);
        }
        foreach (var (metric, values) in Reporting.SystemResult.PerItem(scores))
            if (metric is not ("bleu" or "rouge1" or "rouge2" or "rougeL" or "rougeLsum") || options.Has(metric == "bleu" ? TextMetrics.Bleu : TextMetrics.Rouge))
                d[metric] = SegmentStatistics.Mean(metric, values);
        return d;
    }
}
