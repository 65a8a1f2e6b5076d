using MedMLNet.Evaluation.Stats;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>Aggregate text metrics of one system: corpus BLEU per language and means of per-item scores.</summary>
/// <param name="Count">Items scored.</param>
/// <param name="CorpusBleu">Corpus BLEU per language ("en", "zh").</param>
/// <param name="MeanBleu">Mean sentence BLEU (0–100).</param>
/// <param name="Rouge1">Mean ROUGE-1 P/R/F.</param>
/// <param name="Rouge2">Mean ROUGE-2 P/R/F.</param>
/// <param name="RougeL">Mean ROUGE-L P/R/F.</param>
/// <param name="RougeLsum">Mean ROUGE-Lsum P/R/F.</param>
/// <param name="Meteor">Mean METEOR, null when not computed.</param>
public sealed record MetricsSummary(int Count, IReadOnlyDictionary<string, BleuScore> CorpusBleu, double MeanBleu,
    PrfScore Rouge1, PrfScore Rouge2, PrfScore RougeL, PrfScore RougeLsum, double? Meteor)
{
    /// <summary>Corpus chrF per language (empty when not computed).</summary>
    public IReadOnlyDictionary<string, ChrfScore> CorpusChrf { get; init; } = new Dictionary<string, ChrfScore>();

    /// <summary>Corpus TER per language (empty when not computed).</summary>
    public IReadOnlyDictionary<string, TerScore> CorpusTer { get; init; } = new Dictionary<string, TerScore>();

    /// <summary>Mean sentence chrF, null when not computed.</summary>
    public double? MeanChrf { get; init; }

    /// <summary>Mean sentence TER, null when not computed.</summary>
    public double? MeanTer { get; init; }

    /// <summary>rouge-score's BootstrapAggregator low/mid/high per ROUGE type, null when not asked for.</summary>
    public IReadOnlyList<KeyValuePair<string, AggregateScore>>? RougeBootstrap { get; init; }

    /// <summary>Builds a summary from corpus BLEU results and per-item scores.</summary>
    public static MetricsSummary From(IReadOnlyDictionary<string, BleuScore> corpus, IReadOnlyList<ItemScores> s)
    {
        PrfScore Mean(Func<ItemScores, PrfScore> f) => s.Count == 0 ? PrfScore.Zero
            : new PrfScore(s.Average(x => f(x).P), s.Average(x => f(x).R), s.Average(x => f(x).F));
        double? meteor = s.Count > 0 && s.All(x => x.Meteor.HasValue) ? s.Average(x => x.Meteor!.Value) : null;
        return new MetricsSummary(s.Count, corpus, s.Count == 0 ? 0 : s.Average(x => x.Bleu.Score),
            Mean(x => x.Rouge.Rouge1), Mean(x => x.Rouge.Rouge2), Mean(x => x.Rouge.RougeL), Mean(x => x.Rouge.RougeLsum), meteor);
    }
}
