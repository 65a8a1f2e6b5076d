using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>The distinct [N, K] weights one decode step multiplies (q, k/v, o, gate/up, down, lm_head) with per-token counts.</summary>
public static class GemvShapes
{
    /// <summary>(name, N out, K in, times per token) for <paramref name="c"/>; k and v share one entry (count 2 per layer).</summary>
    public static IReadOnlyList<(string Name, long N, long K, int PerToken)> Of(LlamaConfig c)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        int l = c.NumHiddenLayers;
        return
        [
            ("q_proj", q, h, l), ("k_proj/v_proj", kv, h, 2 * l), ("o_proj", h, q, l),
            ("gate_proj/up_proj", c.IntermediateSize, h, 2 * l), ("down_proj", h, c.IntermediateSize, l),
            ("lm_head", c.VocabSize, h, 1),
        ];
    }
}
