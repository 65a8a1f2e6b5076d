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
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<Gram, int>? refNgrams = null;
        var refLens = new List<int>();
        foreach (var r in references)
        {
            var tokens = Tokens(r, tokenizer);
            var ngrams = Ngrams(tokens, vocabulary);
            refLens.Add(tokens.Length);
            if (refNgrams == null) refNgrams = ngrams;
            else foreach (var (g, c) in ngrams) refNgrams[g] = Math.Max(refNgrams.GetValueOrDefault(g), c);
        }
        var hypTokens = Tokens(hypothesis, tokenizer);
        var hyp = Ngrams(hypTokens, vocabulary);
        var correct = new int[MaxOrder];
        var total = new int[MaxOrder];
        foreach (var (g, count) in hyp)
        {
            total[g.N - 1] += count;
            if (refNgrams!.TryGetValue(g, out var rc)) correct[g.N - 1] += Math.Min(count, rc);
        }
        return new BleuStats(hypTokens.Length, ClosestRefLen(hypTokens.Length, refLens), correct, total);
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

    // An n-gram as the ids of its tokens in the segment's vocabulary (unused slots -1): no string per n-gram.
    private readonly record struct Gram(int N, int A, int B, int C, int D);

    /// <summary>All 1..4-grams of the tokens with their counts.</summary>
    private static Dictionary<Gram, int> Ngrams(string[] tokens, Dictionary<string, int> vocabulary)
    {
        var ids = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!vocabulary.TryGetValue(tokens[i], out var id)) vocabulary[tokens[i]] = id = vocabulary.Count;
            ids[i] = id;
        }
        var counts = new Dictionary<Gram, int>(tokens.Length * MaxOrder);
        for (var n = 1; n <= MaxOrder; n++)
            for (var i = 0; i + n <= ids.Length; i++)
            {
                var key = new Gram(n, ids[i], n > 1 ? ids[i + 1] : -1, n > 2 ? ids[i + 2] : -1, n > 3 ? ids[i + 3] : -1);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts;
    }

    // sacrebleu memoises its tokenizers (functools.lru_cache, 2**16 entries); so does this, bounded the same way.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, BleuTokenizer), string[]> tokenCache = new();

    private static string[] Tokens(string text, BleuTokenizer tokenizer)
    {
        if (tokenCache.TryGetValue((text, tokenizer), out var cached)) return cached;
        var tokens = PyText.Split(BleuTokenizers.Tokenize(PyText.RStrip(text), tokenizer)).ToArray();
        if (tokenCache.Count >= 1 << 16) tokenCache.Clear();
        tokenCache[(text, tokenizer)] = tokens;
        return tokens;
    }
}
