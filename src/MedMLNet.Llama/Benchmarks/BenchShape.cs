using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>The Llama 3 shapes <c>medmlnet bench</c> measures, with random weights (no download).</summary>
public static class BenchShape
{
    /// <summary>Returns the config of <paramref name="name"/>: bench | 1b | 8b | quick (a tiny smoke shape).</summary>
    public static LlamaConfig Get(string name) => name switch
    {
        "bench" => Bench(),
        "1b" => LlamaConfig.Llama32_1B(),
        "8b" => LlamaConfig.Llama3_8B(),
        "quick" => Quick(),
        _ => throw new ArgumentException($"unknown shape '{name}': use bench, 1b or 8b."),
    };

    /// <summary>Llama 3.2 1B narrowed to 8 layers of width 512 (8 query, 2 KV heads of 64), untied: minutes on a laptop.</summary>
    public static LlamaConfig Bench() => LlamaConfig.Llama32_1B() with
    {
        HiddenSize = 512, IntermediateSize = 1536, NumHiddenLayers = 8, NumAttentionHeads = 8, NumKeyValueHeads = 2, HeadDim = 64,
        MaxPositionEmbeddings = 8192, TieWordEmbeddings = false,
    };

    /// <summary>A seconds-long smoke shape: 2 layers of width 128 (4 query, 2 KV heads of 32) over a 4096-token vocabulary.</summary>
    public static LlamaConfig Quick() => Bench() with
    {
        VocabSize = 4096, HiddenSize = 128, IntermediateSize = 384, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 32,
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
