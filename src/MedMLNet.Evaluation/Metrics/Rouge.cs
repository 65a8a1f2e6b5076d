using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// ROUGE exactly as Google's rouge-score (<c>RougeScorer(["rouge1","rouge2","rougeL","rougeLsum"], use_stemmer)</c>)
/// computes it for English; for Chinese the same formulas over <see cref="RougeTokenizer.TokenizeChinese"/> tokens.
/// </summary>
public static class Rouge
{
    /// <summary>Scores <paramref name="hypothesis"/> against one <paramref name="reference"/> (the target).</summary>
    /// <param name="hypothesis">The prediction.</param>
    /// <param name="reference">The target.</param>
    /// <param name="lang">"en" or "zh".</param>
    /// <param name="stem">Porter-stem English tokens (rouge-score's use_stemmer).</param>
    /// <param name="splitSummaries">ROUGE-Lsum sentences found by <see cref="SentenceSplitter"/> (rouge-score's split_summaries) rather than newlines.</param>
    public static RougeScore Score(string hypothesis, string reference, string lang = Language.English, bool stem = true, bool splitSummaries = false)
    {
        var target = RougeTokenizer.Tokenize(reference, lang, stem);
        var prediction = RougeTokenizer.Tokenize(hypothesis, lang, stem);
        List<List<string>> Sentences(string text) =>
            (splitSummaries ? SentenceSplitter.Split(text) : [.. text.Split('\n')])
                .Where(s => s.Length > 0).Select(s => RougeTokenizer.Tokenize(s, lang, stem)).ToList();
        return new RougeScore(
            NgramScore(target, prediction, 1),
            NgramScore(target, prediction, 2),
            LcsScore(target, prediction),
            SummaryLevelLcs(Sentences(reference), Sentences(hypothesis)));
    }

    /// <summary>
    /// rouge-score's <c>score_multi(targets, prediction)</c> (what HF evaluate's rouge calls with several references):
    /// per ROUGE type, the score against the reference with the highest F (the first on a tie).
    /// </summary>
    public static RougeScore ScoreMulti(string hypothesis, IReadOnlyList<string> references, string lang = Language.English, bool stem = true, bool splitSummaries = false)
    {
        if (references.Count == 0) throw new ArgumentException("ROUGE needs at least one reference.");
        var all = references.Select(r => Score(hypothesis, r, lang, stem, splitSummaries)).ToList();
        PrfScore Best(Func<RougeScore, PrfScore> pick)
        {
            var best = pick(all[0]);
            foreach (var s in all.Skip(1)) if (pick(s).F > best.F) best = pick(s);
            return best;
        }
        return new RougeScore(Best(s => s.Rouge1), Best(s => s.Rouge2), Best(s => s.RougeL), Best(s => s.RougeLsum));
    }

    /// <summary>Clipped n-gram overlap: P = overlap / max(#hyp n-grams, 1), R = overlap / max(#ref n-grams, 1).</summary>
    public static PrfScore NgramScore(IReadOnlyList<string> target, IReadOnlyList<string> prediction, int n)
    {
        var t = Counts(target, n);
        var p = Counts(prediction, n);
        var overlap = t.Sum(kv => Math.Min(kv.Value, p.GetValueOrDefault(kv.Key)));
        return PrfScore.From((double)overlap / Math.Max(p.Values.Sum(), 1), (double)overlap / Math.Max(t.Values.Sum(), 1));
    }

    /// <summary>ROUGE-L: LCS length over each side's length; zero when either side has no tokens.</summary>
    public static PrfScore LcsScore(IReadOnlyList<string> target, IReadOnlyList<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0) return PrfScore.Zero;
        var lcs = Lcs.Table(target, prediction)[target.Count, prediction.Count];
        return PrfScore.From((double)lcs / prediction.Count, (double)lcs / target.Count);
    }

    /// <summary>
    /// ROUGE-Lsum (summary-level LCS, ROUGE 1.5.5): per reference sentence the union of its LCS positions with
    /// every candidate sentence; each union token counts once while both sides still have that token left.
    /// </summary>
    public static PrfScore SummaryLevelLcs(IReadOnlyList<IReadOnlyList<string>> refSents, IReadOnlyList<IReadOnlyList<string>> candSents)
    {
        if (refSents.Count == 0 || candSents.Count == 0) return PrfScore.Zero;
        var m = refSents.Sum(s => s.Count);
        var n = candSents.Sum(s => s.Count);
        if (m == 0 || n == 0) return PrfScore.Zero;
        var refCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var candCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in refSents.SelectMany(s => s)) refCounts[t] = refCounts.GetValueOrDefault(t) + 1;
        foreach (var t in candSents.SelectMany(s => s)) candCounts[t] = candCounts.GetValueOrDefault(t) + 1;
        var hits = 0;
        foreach (var r in refSents)
        {
            var union = new SortedSet<int>();
            foreach (var c in candSents) union.UnionWith(Lcs.Indices(r, c));
            foreach (var i in union)
            {
                var tok = r[i];
                if (candCounts.GetValueOrDefault(tok) > 0 && refCounts.GetValueOrDefault(tok) > 0)
                {
                    hits++;
                    candCounts[tok]--;
                    refCounts[tok]--;
                }
            }
        }
        return PrfScore.From((double)hits / n, (double)hits / m);
    }

    private static Dictionary<string, int> Counts(IReadOnlyList<string> tokens, int n)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var key = NgramKey.Of(tokens, i, n);
            d[key] = d.GetValueOrDefault(key) + 1;
        }
        return d;
    }
}
