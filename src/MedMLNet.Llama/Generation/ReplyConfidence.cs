namespace MedMLNet.Llama.Generation;

/// <summary>A run of consecutive reply tokens whose log-probability is below a threshold: [Start, Start + Length).</summary>
public readonly record struct LowConfidenceSpan(int Start, int Length, float MinLogProb);

/// <summary>
/// Reply-level confidence from per-token log-probabilities (raw log-softmax of the logits, as OpenAI's logprobs):
/// the mean token log-probability, its exponent (the geometric-mean token probability) and the weakest token.
/// </summary>
public sealed record ReplyConfidence(double MeanLogProb, double GeometricMeanProb, float MinLogProb, int MinIndex, int TokenCount)
{
    /// <summary>Confidence of a reply; an empty reply has mean 0 (probability 1) and no minimum (index -1).</summary>
    public static ReplyConfidence From(IReadOnlyList<GeneratedToken> tokens) => From(tokens.Select(t => t.LogProb).ToArray());

    /// <summary>Confidence from raw log-probabilities (each must be ≤ 0 and finite or -∞).</summary>
    public static ReplyConfidence From(IReadOnlyList<float> logProbs)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        if (logProbs.Count == 0) return new ReplyConfidence(0, 1, 0, -1, 0);
        double sum = 0; var min = float.PositiveInfinity; var minIndex = -1;
        for (var i = 0; i < logProbs.Count; i++)
        {
            var lp = logProbs[i];
            if (float.IsNaN(lp) || lp > 1e-4f) throw new ArgumentException($"log-probability at {i} must be <= 0, got {lp}.", nameof(logProbs));
            sum += lp;
            if (lp < min) { min = lp; minIndex = i; }
        }
        var mean = sum / logProbs.Count;
        return new ReplyConfidence(mean, Math.Exp(mean), min, minIndex, logProbs.Count);
    }

    /// <summary>Maximal runs of consecutive tokens with log-probability strictly below <paramref name="threshold"/>.</summary>
    public static IReadOnlyList<LowConfidenceSpan> LowSpans(IReadOnlyList<float> logProbs, float threshold)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        var spans = new List<LowConfidenceSpan>();
        var start = -1; var min = 0f;
        for (var i = 0; i <= logProbs.Count; i++)
        {
            var low = i < logProbs.Count && logProbs[i] < threshold;
            if (low && start < 0) { start = i; min = logProbs[i]; }
            else if (low) min = Math.Min(min, logProbs[i]);
            else if (start >= 0) { spans.Add(new LowConfidenceSpan(start, i - start, min)); start = -1; }
        }
        return spans;
    }

    /// <summary>Low-confidence spans of a reply; a probability threshold p means log-probability below ln p.</summary>
    public static IReadOnlyList<LowConfidenceSpan> LowSpans(IReadOnlyList<GeneratedToken> tokens, double probabilityThreshold)
    {
        if (probabilityThreshold is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probabilityThreshold), "must be in (0, 1].");
        return LowSpans(tokens.Select(t => t.LogProb).ToArray(), (float)Math.Log(probabilityThreshold));
    }

    /// <summary>
    /// Low-confidence spans of a reply as text: the stop tokens (every eos id and end of turn) are left out, and each
    /// span's tokens are decoded together with special tokens skipped.
    /// </summary>
    public static IReadOnlyList<string> LowSpanTexts(IReadOnlyList<GeneratedToken> tokens, double probabilityThreshold, Tokenization.Llama3Tokenizer tokenizer)
    {
        var content = tokens.Where(t => t.TokenId != tokenizer.EndOfTurnId && !tokenizer.EosIds.Contains(t.TokenId)).ToList();
        return [.. LowSpans(content, probabilityThreshold)
            .Select(s => tokenizer.Decode(content.Skip(s.Start).Take(s.Length).Select(t => t.TokenId), skipSpecialTokens: true))];
    }
}
