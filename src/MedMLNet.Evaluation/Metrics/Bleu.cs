using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// BLEU exactly as sacrebleu 2.6.0 computes it: hypothesis and references rstripped and tokenized (13a or zh),
/// n-grams 1..4 clipped by the maximum count over references, the closest reference length (ties → shorter),
/// "exp" smoothing, and effective order for sentence BLEU.
/// </summary>
public static class Bleu
{
    /// <summary>The maximum n-gram order (4).</summary>
    public const int MaxOrder = 4;

    /// <summary><c>sacrebleu.sentence_bleu(hypothesis, references)</c>: exp smoothing, effective order.</summary>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string> references, BleuTokenizer tokenizer = BleuTokenizer.Tok13a) =>
        Compute(Statistics(hypothesis, references, tokenizer), effectiveOrder: true);

    /// <summary><c>sacrebleu.corpus_bleu(hypotheses, [refs...])</c>: exp smoothing, no effective order.</summary>
    /// <param name="hypotheses">One hypothesis per segment.</param>
    /// <param name="references">Per segment, its references (any number, at least one).</param>
    /// <param name="tokenizer">13a or zh.</param>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, BleuTokenizer tokenizer = BleuTokenizer.Tok13a)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"corpus BLEU needs one reference set per hypothesis ({hypotheses.Count} hypotheses, {references.Count} reference sets).");
        return Compute(BleuStats.Sum(hypotheses.Select((h, i) => Statistics(h, references[i], tokenizer))), effectiveOrder: false);
    }

    /// <summary>The segment statistics sacrebleu collects for one hypothesis and its references.</summary>
    public static BleuStats Statistics(string hypothesis, IReadOnlyList<string> references, BleuTokenizer tokenizer)
    {
        if (references.Count == 0) throw new ArgumentException("BLEU needs at least one reference.");
        Dictionary<(int, string), int>? refNgrams = null;
        var refLens = new List<int>();
        foreach (var r in references)
        {
            var (ngrams, len) = Ngrams(BleuTokenizers.Tokenize(PyText.RStrip(r), tokenizer));
            refLens.Add(len);
            if (refNgrams == null) refNgrams = ngrams;
            else foreach (var (g, c) in ngrams) refNgrams[g] = Math.Max(refNgrams.GetValueOrDefault(g), c);
        }
        var (hyp, hypLen) = Ngrams(BleuTokenizers.Tokenize(PyText.RStrip(hypothesis), tokenizer));
        var correct = new int[MaxOrder];
        var total = new int[MaxOrder];
        foreach (var ((n, g), count) in hyp)
        {
            total[n - 1] += count;
            if (refNgrams!.TryGetValue((n, g), out var rc)) correct[n - 1] += Math.Min(count, rc);
        }
        return new BleuStats(hypLen, ClosestRefLen(hypLen, refLens), correct, total);
    }

    /// <summary>Closest reference length; on a tie the shorter one.</summary>
    public static int ClosestRefLen(int hypLen, IEnumerable<int> refLens)
    {
        int bestDiff = -1, best = -1;
        foreach (var len in refLens)
        {
            var diff = Math.Abs(hypLen - len);
            if (bestDiff == -1 || diff < bestDiff) { bestDiff = diff; best = len; }
            else if (diff == bestDiff && len < best) best = len;
        }
        return best;
    }

    /// <summary>sacrebleu's <c>compute_bleu</c> with smooth_method="exp".</summary>
    public static BleuScore Compute(BleuStats s, bool effectiveOrder)
    {
        var bp = 1.0;
        if (s.SysLen < s.RefLen) bp = s.SysLen > 0 ? Math.Exp(1 - (double)s.RefLen / s.SysLen) : 0.0;
        var precisions = new double[MaxOrder];
        if (s.Correct.All(c => c == 0))
            return new BleuScore(0.0, precisions, bp, s.SysLen, s.RefLen, s.Correct, s.Total);
        var smooth = 1.0;
        var effOrder = MaxOrder;
        for (var n = 1; n <= MaxOrder; n++)
        {
            if (s.Total[n - 1] == 0) break;
            if (effectiveOrder) effOrder = n;
            if (s.Correct[n - 1] == 0)
            {
                smooth *= 2;
                precisions[n - 1] = 100.0 / (smooth * s.Total[n - 1]);
            }
            else precisions[n - 1] = 100.0 * s.Correct[n - 1] / s.Total[n - 1];
        }
        var sum = 0.0;
        for (var i = 0; i < effOrder; i++) sum += precisions[i] == 0.0 ? -9999999999 : Math.Log(precisions[i]);
        return new BleuScore(bp * Math.Exp(sum / effOrder), precisions, bp, s.SysLen, s.RefLen, s.Correct, s.Total);
    }

    /// <summary>All 1..4-grams of a space-joined token string, keyed by (order, length-prefixed tokens), and the token count.</summary>
    private static (Dictionary<(int, string), int>, int) Ngrams(string tokenized)
    {
        var tokens = PyText.Split(tokenized);
        var counts = new Dictionary<(int, string), int>();
        for (var n = 1; n <= MaxOrder; n++)
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var key = (n, NgramKey.Of(tokens, i, n));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return (counts, tokens.Count);
    }
}
