using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// Scores items with the text metrics of its <see cref="MetricOptions"/> (sentence BLEU, chrF, TER, ROUGE-1/2/L/Lsum,
/// METEOR) and aggregates them (corpus BLEU/chrF/TER per language over all references, means of the per-item scores,
/// optionally ROUGE's bootstrap aggregate). Thread-safe; items are scored in parallel.
/// </summary>
public sealed class MetricSuite
{
    private readonly Meteor? meteor;

    /// <param name="wordnet">WordNet for METEOR; null leaves METEOR out.</param>
    /// <param name="useStemmer">Porter-stem English tokens for ROUGE (rouge-score's use_stemmer).</param>
    public MetricSuite(WordNetDatabase? wordnet, bool useStemmer = true) : this(wordnet, MetricOptions.Default with { UseStemmer = useStemmer }) { }

    /// <param name="wordnet">WordNet for METEOR; null leaves METEOR out.</param>
    /// <param name="options">What to compute and how.</param>
    public MetricSuite(WordNetDatabase? wordnet, MetricOptions options)
    {
        Options = options.Validate();
        meteor = wordnet == null || !options.Has(TextMetrics.Meteor) ? null : new Meteor(wordnet);
    }

    /// <summary>The options.</summary>
    public MetricOptions Options { get; }

    /// <summary>Whether ROUGE stems English tokens.</summary>
    public bool UseStemmer => Options.UseStemmer;

    /// <summary>Whether METEOR is computed.</summary>
    public bool HasMeteor => meteor != null;

    /// <summary>Scores one item.</summary>
    public ItemScores Score(EvalItem item)
    {
        if (item.References.Count == 0) throw new ArgumentException($"item '{item.Id}' has no references.");
        var lang = Language.Normalize(item.Lang);
        return new ItemScores(item.Id, lang,
            Bleu.Sentence(item.Hypothesis, item.References, Options.Bleu, lang),
            Rouge.ScoreMulti(item.Hypothesis, item.References, lang, Options.UseStemmer, Options.SplitSummaries),
            meteor?.Score(item.Hypothesis, item.References, lang),
            Options.Has(TextMetrics.Chrf) ? Chrf.Sentence(item.Hypothesis, item.References, Options.Chrf) : null,
            Options.Has(TextMetrics.Ter) ? Ter.Sentence(item.Hypothesis, item.References, Options.Ter) : null);
    }

    /// <summary>Scores all items (in parallel), keeping their order.</summary>
    public IReadOnlyList<ItemScores> ScoreAll(IReadOnlyList<EvalItem> items)
    {
        var result = new ItemScores[items.Count];
        Parallel.For(0, items.Count, i => result[i] = Score(items[i]));
        return result;
    }

    /// <summary>Corpus BLEU per language over all references (default BLEU options) and the means of the per-item scores.</summary>
    public static MetricsSummary Summarize(IReadOnlyList<EvalItem> items, IReadOnlyList<ItemScores> scores) =>
        new MetricSuite(null, MetricOptions.Default).Aggregate(items, scores);

    /// <summary>Corpus BLEU (and chrF, TER when asked) per language over all references, the means, and ROUGE's bootstrap aggregate when asked.</summary>
    public MetricsSummary Aggregate(IReadOnlyList<EvalItem> items, IReadOnlyList<ItemScores> scores)
    {
        var bleu = new SortedDictionary<string, BleuScore>(StringComparer.Ordinal);
        var chrf = new SortedDictionary<string, ChrfScore>(StringComparer.Ordinal);
        var ter = new SortedDictionary<string, TerScore>(StringComparer.Ordinal);
        foreach (var group in items.Select((item, i) => (item, i)).GroupBy(x => Language.Normalize(x.item.Lang)))
        {
            var list = group.ToList();
            var hyps = list.Select(x => x.item.Hypothesis).ToList();
            var refs = list.Select(x => x.item.References).ToList();
            bleu[group.Key] = Bleu.Corpus(hyps, refs, Options.Bleu, group.Key);
            if (Options.Has(TextMetrics.Chrf)) chrf[group.Key] = Chrf.FromStats(list.Select(x => scores[x.i].Chrf!.Stats), Options.Chrf);
            if (Options.Has(TextMetrics.Ter)) ter[group.Key] = Ter.FromStats(list.Select(x => (scores[x.i].Ter!.Edits, scores[x.i].Ter!.RefLength)));
        }
        IReadOnlyList<KeyValuePair<string, AggregateScore>>? rougeBootstrap = null;
        if (Options.BootstrapSamples is { } samples && scores.Count > 0)
        {
            var aggregator = new BootstrapAggregator(0.95, samples, Options.Seed);
            foreach (var s in scores) aggregator.AddScores(s.Rouge);
            rougeBootstrap = aggregator.Aggregate();
        }
        return MetricsSummary.From(bleu, scores) with
        {
            CorpusChrf = chrf,
            CorpusTer = ter,
            MeanChrf = Options.Has(TextMetrics.Chrf) && scores.Count > 0 ? scores.Average(s => s.Chrf!.Score) : null,
            MeanTer = Options.Has(TextMetrics.Ter) && scores.Count > 0 ? scores.Average(s => s.Ter!.Score) : null,
            RougeBootstrap = rougeBootstrap,
        };
    }
}
