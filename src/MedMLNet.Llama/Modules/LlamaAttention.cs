using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// LlamaAttention: q/k/v projections, RoPE on q and k, grouped-query attention (KV head j serves query heads
/// j·rep … j·rep+rep-1), softmax((q·kᵀ)/√d + mask)·v, o projection. Past keys/values come from one
/// <see cref="KvCache"/>: a generation cache or a pre-filled prefix (already rotated, as PEFT's prefix tuning stores them).
/// </summary>
public sealed class LlamaAttention : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Projection q_proj, k_proj, v_proj, o_proj;
#pragma warning restore IDE1006
    private readonly int heads, kvHeads, headDim, layerIndex;

    public LlamaAttention(string prefix, int layerIndex, LlamaConfig c, ScalarType dtype, IWeightSource source) : base("self_attn")
    {
        heads = c.NumAttentionHeads; kvHeads = c.NumKeyValueHeads; headDim = c.HeadDim; this.layerIndex = layerIndex;
        long d = c.HiddenSize, qOut = (long)heads * headDim, kvOut = (long)kvHeads * headDim;
        q_proj = new Projection("q_proj", LlamaKeys.WeightOf($"{prefix}.q_proj"), d, qOut, dtype, source);
        k_proj = new Projection("k_proj", LlamaKeys.WeightOf($"{prefix}.k_proj"), d, kvOut, dtype, source);
        v_proj = new Projection("v_proj", LlamaKeys.WeightOf($"{prefix}.v_proj"), d, kvOut, dtype, source);
        o_proj = new Projection("o_proj", LlamaKeys.WeightOf($"{prefix}.o_proj"), qOut, d, dtype, source);
        RegisterComponents();
    }

    /// <param name="x">[B, T, D]</param>
    /// <param name="cos">[B, T, head_dim]</param>
    /// <param name="sin">[B, T, head_dim]</param>
    /// <param name="mask">[B, 1, T, S] bool or null (then causal when T &gt; 1)</param>
    /// <param name="past">the keys/values before these positions (a generation cache or a prefix), or null</param>
    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache? past)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var qkv = Projection.ForwardShared(x, q_proj, k_proj, v_proj);
        var q = qkv[0].view(b, t, heads, headDim).transpose(1, 2);    // [B, H, T, hd]
        var k = qkv[1].view(b, t, kvHeads, headDim).transpose(1, 2);  // [B, KV, T, hd]
        var v = qkv[2].view(b, t, kvHeads, headDim).transpose(1, 2);  // [B, KV, T, hd]
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (past is not null) (k, v) = past.Append(layerIndex, k, v);            // [B, KV, S, hd]
        var attn = t == 1 ? GroupedSingleQuery(q, k, v, mask) : FullAttention(q, k, v, mask, causal: mask is null);
        var merged = attn.transpose(1, 2).reshape(b, t, heads * headDim);        // [B, T, H·hd]
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    // Prefill/training: expand KV heads to match the query heads (repeat_kv), then SDPA.
    private Tensor FullAttention(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal)
    {
        var rep = heads / kvHeads;
        if (rep > 1)
        {
            long b = k.shape[0], s = k.shape[2];
            k = k.unsqueeze(2).expand(b, kvHeads, rep, s, headDim).reshape(b, heads, s, headDim);
            v = v.unsqueeze(2).expand(b, kvHeads, rep, s, headDim).reshape(b, heads, s, headDim);
        }
        return nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0, causal);
    }

    // Decode (one query per row): view the rep query heads of each KV head as rows over that KV head's cache,
    // so the cache is never copied. q [B, H, 1, hd] -> [B, KV, rep, hd]; mask [B, 1, 1, S] broadcasts.
    private Tensor GroupedSingleQuery(Tensor q, Tensor k, Tensor v, Tensor? mask)
    {
        long b = q.shape[0];
        var rep = heads / kvHeads;
        var grouped = q.reshape(b, kvHeads, rep, headDim);
        var o = nn.functional.scaled_dot_product_attention(grouped, k, v, mask, 0.0, false); // [B, KV, rep, hd]
        return o.reshape(b, heads, 1, headDim);
    }
}
