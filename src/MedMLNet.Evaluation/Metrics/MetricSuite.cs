using MedMLNet.Evaluation.Text;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// Scores items with every text metric (sentence BLEU, ROUGE-1/2/L/Lsum, METEOR) and aggregates them
/// (corpus BLEU per language over first references, means of the rest). Thread-safe; items are scored in parallel.
/// </summary>
/// <param name="wordnet">WordNet for METEOR; null leaves METEOR out.</param>
/// <param name="useStemmer">Porter-stem English tokens for ROUGE (rouge-score's use_stemmer).</param>
public sealed class MetricSuite(WordNetDatabase? wordnet, bool useStemmer = true)
{
    private readonly Meteor? meteor = wordnet == null ? null : new Meteor(wordnet);

    /// <summary>Whether ROUGE stems English tokens.</summary>
    public bool UseStemmer => useStemmer;

    /// <summary>Whether METEOR is computed.</summary>
    public bool HasMeteor => meteor != null;

    /// <summary>Scores one item.</summary>
    public ItemScores Score(EvalItem item)
    {
        if (item.References.Count == 0) throw new ArgumentException($"item '{item.Id}' has no references.");
        var lang = Language.Normalize(item.Lang);
        var tok = Language.IsChinese(lang) ? BleuTokenizer.Zh : BleuTokenizer.Tok13a;
        return new ItemScores(item.Id, lang,
            Bleu.Sentence(item.Hypothesis, item.References, tok),
            Rouge.Score(item.Hypothesis, item.References[0], lang, useStemmer),
            meteor?.Score(item.Hypothesis, item.References, lang));
    }

    /// <summary>Scores all items (in parallel), keeping their order.</summary>
    public IReadOnlyList<ItemScores> ScoreAll(IReadOnlyList<EvalItem> items)
    {
        var result = new ItemScores[items.Count];
        Parallel.For(0, items.Count, i => result[i] = Score(items[i]));
        return result;
    }

    /// <summary>Corpus BLEU per language (first references) and the means of the per-item scores.</summary>
    public static MetricsSummary Summarize(IReadOnlyList<EvalItem> items, IReadOnlyList<ItemScores> scores)
    {
        var corpus = new SortedDictionary<string, BleuScore>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(i => Language.Normalize(i.Lang)))
        {
            var list = group.ToList();
            corpus[group.Key] = Bleu.Corpus(list.Select(i => i.Hypothesis).ToList(),
                list.Select(i => (IReadOnlyList<string>)[i.References[0]]).ToList(),
                Language.IsChinese(group.Key) ? BleuTokenizer.Zh : BleuTokenizer.Tok13a);
        }
        return MetricsSummary.From(corpus, scores);
    }
}
