using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>One pre-norm decoder block: h = x + attn(norm(x)); out = h + mlp(norm(h)).</summary>
public sealed class LlamaDecoderLayer : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly LlamaAttention self_attn;
    public readonly LlamaMlp mlp;
    public readonly RmsNorm input_layernorm, post_attention_layernorm;
#pragma warning restore IDE1006

    public LlamaDecoderLayer(int index, LlamaConfig c, ScalarType dtype, IWeightSource source) : base(index.ToString())
    {
        Index = index;
        input_layernorm = new RmsNorm("input_layernorm", LlamaKeys.InputLayernorm(index), c.HiddenSize, c.RmsNormEps, dtype, source);
        self_attn = new LlamaAttention(LlamaKeys.Attention(index), index, c, dtype, source);
        post_attention_layernorm = new RmsNorm("post_attention_layernorm", LlamaKeys.PostAttentionLayernorm(index), c.HiddenSize, c.RmsNormEps, dtype, source);
        mlp = new LlamaMlp(LlamaKeys.Mlp(index), c, dtype, source);
        RegisterComponents();
    }

    /// <summary>The layer's index in the stack (model.layers.{Index}).</summary>
    public int Index { get; }

    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache? past) // [B, T, D]
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.forward(input_layernorm.forward(x), cos, sin, mask, past);
        var output = h + mlp.forward(post_attention_layernorm.forward(h));
        return output.MoveToOuterDisposeScope();
    }
}
