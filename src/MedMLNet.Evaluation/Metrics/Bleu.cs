using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>
/// BLEU exactly as sacrebleu 2.6.0 computes it: hypothesis and references optionally lowercased, rstripped and
/// tokenized (13a, zh, intl, char or none), n-grams 1..max order clipped by the maximum count over references, the
/// closest reference length (ties → shorter), smoothing exp (default), floor, add-k or none, and effective order for
/// sentence BLEU.
/// </summary>
public static class Bleu
{
    /// <summary>sacrebleu's default maximum n-gram order (4).</summary>
    public const int MaxOrder = 4;

    /// <summary><c>sacrebleu.sentence_bleu(hypothesis, references)</c>: exp smoothing, effective order.</summary>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string> references, BleuTokenizer tokenizer = BleuTokenizer.Tok13a) =>
        Sentence(hypothesis, references, new BleuOptions { Tokenizer = tokenizer });

    /// <summary><c>BLEU(**options).sentence_score(hypothesis, references)</c>; effective order unless the options turn it off.</summary>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string> references, BleuOptions options, string lang = Language.English) =>
        Compute(Statistics(hypothesis, references, options, lang), options, options.EffectiveOrder ?? true);

    /// <summary><c>sacrebleu.corpus_bleu(hypotheses, [refs...])</c>: exp smoothing, no effective order.</summary>
    /// <param name="hypotheses">One hypothesis per segment.</param>
    /// <param name="references">Per segment, its references (any number, at least one).</param>
    /// <param name="tokenizer">The tokenizer.</param>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, BleuTokenizer tokenizer = BleuTokenizer.Tok13a) =>
        Corpus(hypotheses, references, new BleuOptions { Tokenizer = tokenizer });

    /// <summary><c>BLEU(**options).corpus_score(hypotheses, reference streams)</c>, references given per segment (all of them count).</summary>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, BleuOptions options, string lang = Language.English)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"corpus BLEU needs one reference set per hypothesis ({hypotheses.Count} hypotheses, {references.Count} reference sets).");
        var stats = hypotheses.Select((h, i) => Statistics(h, references[i], options, lang)).ToList();
        return Compute(BleuStats.Sum(stats, options.MaxNgramOrder), options, options.EffectiveOrder ?? false);
    }

    /// <summary>The segment statistics sacrebleu collects for one hypothesis and its references.</summary>
    public static BleuStats Statistics(string hypothesis, IReadOnlyList<string> references, BleuTokenizer tokenizer) =>
        Statistics(hypothesis, references, new BleuOptions { Tokenizer = tokenizer });

    /// <summary>The segment statistics under <paramref name="options"/> (tokenizer by <paramref name="lang"/> when unset).</summary>
    public static BleuStats Statistics(string hypothesis, IReadOnlyList<string> references, BleuOptions options, string lang = Language.English)
    {
        if (references.Count == 0) throw new ArgumentException("BLEU needs at least one reference.");
        var order = options.MaxNgramOrder;
        var tokenizer = options.TokenizerFor(lang);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<Gram, int>? refNgrams = null;
        var refLens = new List<int>();
        foreach (var r in references)
        {
            var tokens = Tokens(r, tokenizer, options.Lowercase);
            var ngrams = Ngrams(tokens, vocabulary, order);
            refLens.Add(tokens.Length);
            if (refNgrams == null) refNgrams = ngrams;
            else foreach (var (g, c) in ngrams) refNgrams[g] = Math.Max(refNgrams.GetValueOrDefault(g), c);
        }
        var hypTokens = Tokens(hypothesis, tokenizer, options.Lowercase);
        var hyp = Ngrams(hypTokens, vocabulary, order);
        var correct = new int[order];
        var total = new int[order];
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
    public static BleuScore Compute(BleuStats s, bool effectiveOrder) => Compute(s, BleuOptions.Default, effectiveOrder);

    /// <summary>
    /// sacrebleu's <c>BLEU.compute_bleu(correct, total, sys_len, ref_len, smooth_method, smooth_value, effective_order,
    /// max_ngram_order)</c>; the order is the statistics' length. Counts and totals are reported unsmoothed.
    /// </summary>
    public static BleuScore Compute(BleuStats s, BleuOptions options, bool effectiveOrder)
    {
        var order = s.Correct.Length;
        var bp = 1.0;
        if (s.SysLen < s.RefLen) bp = s.SysLen > 0 ? Math.Exp(1 - (double)s.RefLen / s.SysLen) : 0.0;
        var precisions = new double[order];
        if (s.Correct.All(c => c == 0))
            return new BleuScore(0.0, precisions, bp, s.SysLen, s.RefLen, s.Correct, s.Total);
        var k = options.EffectiveSmoothValue;
        var smooth = 1.0;
        var effOrder = order;
        for (var n = 1; n <= order; n++)
        {
            double correct = s.Correct[n - 1], total = s.Total[n - 1];
            if (options.Smoothing == BleuSmoothing.AddK && n > 1) { correct += k; total += k; }
            if (total == 0) break;
            if (effectiveOrder) effOrder = n;
            if (correct == 0)
            {
                if (options.Smoothing == BleuSmoothing.Exp)
                {
                    smooth *= 2;
                    precisions[n - 1] = 100.0 / (smooth * total);
                }
                else if (options.Smoothing == BleuSmoothing.Floor) precisions[n - 1] = 100.0 * k / total;
            }
            else precisions[n - 1] = 100.0 * correct / total;
        }
        var sum = 0.0;
        for (var i = 0; i < effOrder; i++) sum += precisions[i] == 0.0 ? -9999999999 : Math.Log(precisions[i]);
        return new BleuScore(bp * Math.Exp(sum / effOrder), precisions, bp, s.SysLen, s.RefLen, s.Correct, s.Total);
    }

    // An n-gram as a window of the segment's token ids (ids shared between hypothesis and references): no string per n-gram.
    private readonly struct Gram(int[] ids, int start, int n) : IEquatable<Gram>
    {
        public int N => n;

        public bool Equals(Gram other) => n == other.N && ids.AsSpan(start, n).SequenceEqual(other.Span);

        private ReadOnlySpan<int> Span => ids.AsSpan(start, n);

        public override bool Equals(object? obj) => obj is Gram g && Equals(g);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(n);
            foreach (var id in Span) h.Add(id);
            return h.ToHashCode();
        }
    }

    /// <summary>All 1..order-grams of the tokens with their counts.</summary>
    private static Dictionary<Gram, int> Ngrams(string[] tokens, Dictionary<string, int> vocabulary, int order)
    {
        var ids = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!vocabulary.TryGetValue(tokens[i], out var id)) vocabulary[tokens[i]] = id = vocabulary.Count;
            ids[i] = id;
        }
        var counts = new Dictionary<Gram, int>(tokens.Length * order);
        for (var n = 1; n <= order; n++)
            for (var i = 0; i + n <= ids.Length; i++)
            {
                var key = new Gram(ids, i, n);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts;
    }

    // sacrebleu memoises its tokenizers (functools.lru_cache, 2**16 entries); so does this, bounded the same way.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, BleuTokenizer, bool), string[]> tokenCache = new();

    /// <summary>sacrebleu's <c>_preprocess_segment</c> then <c>split()</c>: lowercase if asked, rstrip, tokenize.</summary>
    public static string[] Tokens(string text, BleuTokenizer tokenizer, bool lowercase = false)
    {
        if (tokenCache.TryGetValue((text, tokenizer, lowercase), out var cached)) return cached;
        var line = lowercase ? PyText.Lower(text) : text;
        var tokens = PyText.Split(BleuTokenizers.Tokenize(PyText.RStrip(line), tokenizer)).ToArray();
        if (tokenCache.Count >= 1 << 16) tokenCache.Clear();
        tokenCache[(text, tokenizer, lowercase)] = tokens;
        return tokens;
    }
}
