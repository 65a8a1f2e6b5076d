using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Reporting;

/// <summary>Everything measured for one system (e.g. "base" or "fine-tuned") on one test set.</summary>
/// <param name="Name">System name.</param>
/// <param name="Items">What was scored.</param>
/// <param name="Scores">Per-item scores, same order as <paramref name="Items"/>.</param>
/// <param name="Summary">Corpus BLEU and means.</param>
/// <param name="Intervals">Metric → bootstrap CI ("bleu", "rougeL", "meteor", "corpus_bleu_en", ...).</param>
/// <param name="Extra">Other numbers computed elsewhere (perplexity, mcq_accuracy, ...), shown beside the text metrics.</param>
public sealed record SystemResult(string Name, IReadOnlyList<EvalItem> Items, IReadOnlyList<ItemScores> Scores, MetricsSummary Summary,
    IReadOnlyDictionary<string, ConfidenceInterval> Intervals, IReadOnlyDictionary<string, double> Extra)
{
    /// <summary>Scores <paramref name="items"/> with <paramref name="suite"/> and bootstraps CIs (seeded).</summary>
    public static SystemResult Evaluate(string name, IReadOnlyList<EvalItem> items, MetricSuite suite,
        IReadOnlyDictionary<string, double>? extra = null, int seed = 12345, int resamples = Bootstrap.DefaultResamples)
    {
        var scores = suite.ScoreAll(items);
        var summary = suite.Aggregate(items, scores);
        var ci = new SortedDictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        if (scores.Count > 0)
        {
            foreach (var (metric, values) in PerItem(scores)) ci[metric] = Bootstrap.Mean(values, resamples, seed: seed);
            foreach (var group in items.GroupBy(i => Language.Normalize(i.Lang)))
            {
                var stats = group.Select(i => Bleu.Statistics(i.Hypothesis, i.References, suite.Options.Bleu, group.Key)).ToList();
                ci["corpus_bleu_" + group.Key] = Bootstrap.CorpusBleu(stats, resamples, seed: seed);
            }
        }
        return new SystemResult(name, items, scores, summary, ci, extra ?? new Dictionary<string, double>());
    }

    /// <summary>Per-item values of each metric: bleu (0–100), rouge1/rouge2/rougeL/rougeLsum F, chrf and ter (0–100) when computed, meteor.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> PerItem(IReadOnlyList<ItemScores> scores)
    {
        var d = new Dictionary<string, IReadOnlyList<double>>
        {
            ["bleu"] = scores.Select(s => s.Bleu.Score).ToList(),
            ["rouge1"] = scores.Select(s => s.Rouge.Rouge1.F).ToList(),
            ["rouge2"] = scores.Select(s => s.Rouge.Rouge2.F).ToList(),
            ["rougeL"] = scores.Select(s => s.Rouge.RougeL.F).ToList(),
            ["rougeLsum"] = scores.Select(s => s.Rouge.RougeLsum.F).ToList(),
        };
        if (scores.Count > 0 && scores.All(s => s.Chrf != null)) d["chrf"] = scores.Select(s => s.Chrf!.Score).ToList();
        if (scores.Count > 0 && scores.All(s => s.Ter != null)) d["ter"] = scores.Select(s => s.Ter!.Score).ToList();
        if (scores.All(s => s.Meteor.HasValue)) d["meteor"] = scores.Select(s => s.Meteor!.Value).ToList();
        return d;
    }
}
