using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>The Llama 3 shapes <c>medmlnet bench</c> measures, with random weights (no download).</summary>
public static class BenchShape
{
    private static readonly RopeScaling Llama3Rope = new("llama3", 32.0, 1.0, 4.0, 8192);

    /// <summary>Returns the config of <paramref name="name"/>: bench | 1b | 8b | quick (a tiny smoke shape).</summary>
    public static LlamaConfig Get(string name) => name switch
    {
        "bench" => Make(128256, 512, 1536, 8, 8, 2, 500000, tie: false),
        "1b" => Make(128256, 2048, 8192, 16, 32, 8, 500000, tie: true),
        "8b" => Make(128256, 4096, 14336, 32, 32, 8, 500000, tie: false) with { RopeScaling = null },
        "quick" => Make(4096, 128, 384, 2, 4, 2, 500000, tie: false),
        _ => throw new ArgumentException($"unknown shape '{name}': use bench, 1b or 8b."),
    };

    private static LlamaConfig Make(int vocab, int hidden, int inter, int layers, int heads, int kv, double theta, bool tie) => new()
    {
        VocabSize = vocab, HiddenSize = hidden, IntermediateSize = inter, NumHiddenLayers = layers,
        NumAttentionHeads = heads, NumKeyValueHeads = kv, HeadDim = hidden / heads, MaxPositionEmbeddings = 8192,
        RmsNormEps = 1e-5, RopeTheta = theta, RopeScaling = Llama3Rope, TieWordEmbeddings = tie,
        BosTokenId = 128000, EosTokenIds = [128001],
    };

    /// <summary>Weights that every token multiplies (all projections + lm_head; the embedding is a lookup).</summary>
    public static long MatmulParameters(LlamaConfig c)
    {
        long h = c.HiddenSize, d = c.HeadDim, kv = c.NumKeyValueHeads * d, q = c.NumAttentionHeads * d;
        long perLayer = h * q + 2 * h * kv + q * h + 3 * h * c.IntermediateSize;
        return c.NumHiddenLayers * perLayer + h * c.VocabSize;
    }

    /// <summary>Forward FLOPs per token at context length <paramref name="t"/> (2·params + causal attention QK and AV).</summary>
    public static double ForwardFlopsPerToken(LlamaConfig c, long t) =>
        2.0 * MatmulParameters(c) + 2.0 * c.NumHiddenLayers * c.NumAttentionHeads * c.HeadDim * t;

    /// <summary>
    /// Prefill FLOPs per prompt token for a <paramref name="promptLength"/>-token prompt: every layer for every token
    /// (attention at the mean context), the vocabulary projection once per prompt (only the last position's logits).
    /// </summary>
    public static double PrefillFlopsPerToken(LlamaConfig c, long promptLength)
    {
        var head = 2.0 * c.HiddenSize * c.VocabSize;
        return ForwardFlopsPerToken(c, promptLength / 2) - head + head / promptLength;
    }
}
