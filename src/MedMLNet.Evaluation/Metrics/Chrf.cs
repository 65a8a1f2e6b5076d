using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>The options of sacrebleu's <c>CHRF(...)</c> with its names and defaults (chrF: char_order 6, word_order 0, beta 2).</summary>
public sealed record ChrfOptions
{
    /// <summary>chrF's defaults.</summary>
    public static readonly ChrfOptions Default = new();

    /// <summary>Character n-gram order (6).</summary>
    public int CharOrder { get; init; } = 6;

    /// <summary>Word n-gram order: 0 for chrF, 2 for chrF++.</summary>
    public int WordOrder { get; init; }

    /// <summary>Recall weight β (2).</summary>
    public int Beta { get; init; } = 2;

    /// <summary>Lowercase first.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Keep whitespace in character n-grams (off: whitespace removed, sacrebleu's default).</summary>
    public bool Whitespace { get; init; }

    /// <summary>Epsilon smoothing as chrF++.py, NLTK and Moses (off: effective order, sacrebleu's default).</summary>
    public bool EpsSmoothing { get; init; }

    /// <summary>Checks the values; an <see cref="ArgumentException"/> names the bad one.</summary>
    public ChrfOptions Validate()
    {
        if (CharOrder is < 0 or > 32) throw new ArgumentException($"chrF character order must be 0..32, not {CharOrder} (--chrf-char-order).");
        if (WordOrder is < 0 or > 8) throw new ArgumentException($"chrF word order must be 0..8, not {WordOrder} (--chrf-word-order; 2 is chrF++).");
        if (CharOrder + WordOrder == 0) throw new ArgumentException("chrF needs a character or word order above 0.");
        if (Beta < 0) throw new ArgumentException($"chrF beta must be >= 0, not {Beta} (--chrf-beta).");
        return this;
    }
}

/// <summary>A chrF result: score 0–100 and the statistics it came from.</summary>
/// <param name="Score">chrF (or chrF++), 0–100.</param>
/// <param name="Stats">[hyp, ref, match] per order, character orders first.</param>
public sealed record ChrfScore(double Score, int[] Stats);

/// <summary>
/// chrF and chrF++ exactly as sacrebleu 2.6.0's <c>CHRF</c> computes them: character n-grams over code points
/// (whitespace removed unless kept), word n-grams after chrF++'s punctuation split, per segment the reference with
/// the best F, corpus statistics summed.
/// </summary>
public static class Chrf
{
    private const string Puncts = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary><c>CHRF(**options).sentence_score(hypothesis, references)</c>.</summary>
    public static ChrfScore Sentence(string hypothesis, IReadOnlyList<string> references, ChrfOptions? options = null)
    {
        options ??= ChrfOptions.Default;
        var stats = Statistics(hypothesis, references, options);
        return new ChrfScore(FScore(stats, options), stats);
    }

    /// <summary><c>CHRF(**options).corpus_score(hypotheses, reference streams)</c>, references given per segment.</summary>
    public static ChrfScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, ChrfOptions? options = null)
    {
        options ??= ChrfOptions.Default;
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"corpus chrF needs one reference set per hypothesis ({hypotheses.Count} hypotheses, {references.Count} reference sets).");
        return FromStats(hypotheses.Select((h, i) => Statistics(h, references[i], options)), options);
    }

    /// <summary>The score of summed segment statistics.</summary>
    public static ChrfScore FromStats(IEnumerable<int[]> segments, ChrfOptions options)
    {
        var sum = new int[3 * (options.CharOrder + options.WordOrder)];
        foreach (var s in segments) for (var i = 0; i < sum.Length; i++) sum[i] += s[i];
        return new ChrfScore(FScore(sum, options), sum);
    }

    /// <summary>sacrebleu's <c>_compute_segment_statistics</c>: the statistics against the reference with the best F.</summary>
    public static int[] Statistics(string hypothesis, IReadOnlyList<string> references, ChrfOptions options)
    {
        if (references.Count == 0) throw new ArgumentException("chrF needs at least one reference.");
        var hyp = Ngrams(Preprocess(hypothesis, options), options);
        int[]? best = null;
        var bestF = -1.0;
        foreach (var r in references)
        {
            var refNgrams = Ngrams(Preprocess(r, options), options);
            var stats = new int[3 * hyp.Count];
            for (var o = 0; o < hyp.Count; o++)
            {
                int match = 0, hypCount = 0;
                foreach (var (g, c) in hyp[o])
                {
                    hypCount += c;
                    if (refNgrams[o].TryGetValue(g, out var rc)) match += Math.Min(c, rc);
                }
                stats[3 * o] = refNgrams[o].Count > 0 ? hypCount : 0;
                stats[3 * o + 1] = refNgrams[o].Values.Sum();
                stats[3 * o + 2] = match;
            }
            var f = FScore(stats, options);
            if (f > bestF) { bestF = f; best = stats; }
        }
        return best!;
    }

    /// <summary>sacrebleu's <c>_compute_f_score</c>: per-order F averaged (eps smoothing) or F of the averaged P and R over effective orders.</summary>
    public static double FScore(IReadOnlyList<int> stats, ChrfOptions options)
    {
        const double eps = 1e-16;
        var order = options.CharOrder + options.WordOrder;
        var factor = (double)options.Beta * options.Beta;
        double score = 0, avgPrec = 0, avgRec = 0;
        var effective = 0;
        for (var i = 0; i < order; i++)
        {
            int nHyp = stats[3 * i], nRef = stats[3 * i + 1], nMatch = stats[3 * i + 2];
            var prec = nHyp > 0 ? (double)nMatch / nHyp : eps;
            var rec = nRef > 0 ? (double)nMatch / nRef : eps;
            var denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
            if (nHyp > 0 && nRef > 0) { avgPrec += prec; avgRec += rec; effective++; }
        }
        if (options.EpsSmoothing) return 100 * score / order;
        if (effective == 0) avgPrec = avgRec = 0;
        else { avgPrec /= effective; avgRec /= effective; }
        return avgPrec + avgRec > 0 ? 100 * (1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec) : 0.0;
    }

    private static string Preprocess(string text, ChrfOptions options) => options.Lowercase ? PyText.Lower(text) : text;

    /// <summary>Character n-gram counters 1..CharOrder, then word n-gram counters 1..WordOrder.</summary>
    private static List<Dictionary<string, int>> Ngrams(string text, ChrfOptions options)
    {
        var result = new List<Dictionary<string, int>>(options.CharOrder + options.WordOrder);
        var line = options.Whitespace ? text : string.Concat(PyText.Split(text));
        // code point boundaries, so an n-gram is n code points as in Python
        var starts = new List<int>(line.Length + 1);
        for (var i = 0; i < line.Length; i++) if (!char.IsLowSurrogate(line[i]) || i == 0 || !char.IsHighSurrogate(line[i - 1])) starts.Add(i);
        starts.Add(line.Length);
        var points = starts.Count - 1;
        for (var n = 1; n <= options.CharOrder; n++)
        {
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i + n <= points; i++)
            {
                var g = line[starts[i]..starts[i + n]];
                d[g] = d.GetValueOrDefault(g) + 1;
            }
            result.Add(d);
        }
        if (options.WordOrder > 0)
        {
            var words = RemovePunctuation(text);
            for (var n = 1; n <= options.WordOrder; n++)
            {
                var d = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i + n <= words.Count; i++)
                {
                    var g = string.Join(' ', words.Skip(i).Take(n));
                    d[g] = d.GetValueOrDefault(g) + 1;
                }
                result.Add(d);
            }
        }
        return result;
    }

    /// <summary>chrF++'s <c>_remove_punctuation</c>: one ASCII punctuation mark split off the end, else off the start, of each word.</summary>
    private static List<string> RemovePunctuation(string text)
    {
        var tokens = new List<string>();
        foreach (var w in PyText.Split(text))
        {
            if (PyText.Length(w) == 1) tokens.Add(w);
            else if (Puncts.Contains(w[^1])) { tokens.Add(w[..^1]); tokens.Add(w[^1].ToString()); }
            else if (Puncts.Contains(w[0])) { tokens.Add(w[0].ToString()); tokens.Add(w[1..]); }
            else tokens.Add(w);
        }
        return tokens;
    }
}
