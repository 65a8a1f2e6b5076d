using MedMLNet.Evaluation.Text;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// METEOR exactly as NLTK 3.8's <c>meteor_score</c> computes it: words lowercased, then aligned in three
/// greedy stages (exact, Porter stem, WordNet synonym — the synonym stage sees the stemmed words, as in
/// NLTK), each scanning hypothesis and reference from the end; Fmean with alpha, fragmentation penalty
/// gamma·(chunks/matches)^beta; the best score over references.
/// </summary>
public sealed class Meteor(WordNetDatabase wordnet, double alpha = 0.9, double beta = 3.0, double gamma = 0.5)
{
    /// <summary>The WordNet used for the synonym stage.</summary>
    public WordNetDatabase WordNet => wordnet;

    /// <summary>Tokens METEOR sees for a text: NLTK's <c>word_tokenize(preserve_line=True)</c>, or Chinese characters.</summary>
    public static List<string> Tokenize(string text, string lang = Language.English) =>
        Language.IsChinese(lang) ? RougeTokenizer.TokenizeChinese(text) : NltkWordTokenizer.Tokenize(text);

    /// <summary>METEOR of a raw hypothesis against raw references (tokenized per <paramref name="lang"/>).</summary>
    public double Score(string hypothesis, IReadOnlyList<string> references, string lang = Language.English)
    {
        if (references.Count == 0) throw new ArgumentException("METEOR needs at least one reference.");
        var hyp = Tokenize(hypothesis, lang);
        return references.Max(r => SingleScore(Tokenize(r, lang), hyp));
    }

    /// <summary>NLTK's <c>single_meteor_score(reference, hypothesis)</c> on token lists.</summary>
    public double SingleScore(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var hyp = hypothesis.Select((w, i) => (i, PyText.Lower(w))).ToList();
        var refs = reference.Select((w, i) => (i, PyText.Lower(w))).ToList();
        int hypLen = hyp.Count, refLen = refs.Count;
        var matches = Align(hyp, refs);
        if (matches.Count == 0 || hypLen == 0 || refLen == 0) return 0.0;
        var precision = (double)matches.Count / hypLen;
        var recall = (double)matches.Count / refLen;
        var fmean = precision * recall / (alpha * precision + (1 - alpha) * recall);
        var fragFrac = (double)CountChunks(matches) / matches.Count;
        var penalty = gamma * Math.Pow(fragFrac, beta);
        return (1 - penalty) * fmean;
    }

    /// <summary>NLTK's <c>_enum_align_words</c>: (hypothesis index, reference index) pairs sorted by hypothesis index.</summary>
    internal List<(int Hyp, int Ref)> Align(List<(int, string)> hyp, List<(int, string)> refs)
    {
        List<(int Hyp, int Ref)> matches = MatchExact(hyp, refs);
        hyp = hyp.Select(p => (p.Item1, PorterStemmer.Stem(p.Item2))).ToList();
        refs = refs.Select(p => (p.Item1, PorterStemmer.Stem(p.Item2))).ToList();
        matches.AddRange(MatchExact(hyp, refs));
        matches.AddRange(MatchSynonyms(hyp, refs));
        // Python's sorted() is stable: ties keep exact, stem, synonym order.
        return [.. matches.OrderBy(m => m.Hyp)];
    }

    private static List<(int, int)> MatchExact(List<(int, string)> hyp, List<(int, string)> refs) =>
        MatchWhere(hyp, refs, h => r => string.Equals(h, r, StringComparison.Ordinal));

    private List<(int, int)> MatchSynonyms(List<(int, string)> hyp, List<(int, string)> refs) =>
        MatchWhere(hyp, refs, h => { var syns = wordnet.MeteorSynonyms(h); return syns.Contains; });

    /// <summary>
    /// NLTK's matching loop: hypothesis words from the last, each taking the last remaining reference word it
    /// matches; matched words leave both lists (which are updated in place).
    /// </summary>
    private static List<(int, int)> MatchWhere(List<(int, string)> hyp, List<(int, string)> refs, Func<string, Func<string, bool>> matcher)
    {
        var found = new List<(int, int)>();
        for (var i = hyp.Count - 1; i >= 0; i--)
        {
            var matches = matcher(hyp[i].Item2);
            for (var j = refs.Count - 1; j >= 0; j--)
            {
                if (!matches(refs[j].Item2)) continue;
                found.Add((hyp[i].Item1, refs[j].Item1));
                hyp.RemoveAt(i);
                refs.RemoveAt(j);
                break;
            }
        }
        return found;
    }

    /// <summary>NLTK's <c>_count_chunks</c>: runs of matches adjacent in both hypothesis and reference.</summary>
    internal static int CountChunks(IReadOnlyList<(int Hyp, int Ref)> matches)
    {
        var chunks = 1;
        for (var i = 0; i < matches.Count - 1; i++)
            if (!(matches[i + 1].Hyp == matches[i].Hyp + 1 && matches[i + 1].Ref == matches[i].Ref + 1)) chunks++;
        return chunks;
    }
}
