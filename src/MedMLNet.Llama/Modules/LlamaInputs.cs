using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>One forward pass's inputs. Only <see cref="InputIds"/> is required.</summary>
public sealed class LlamaInputs
{
    public LlamaInputs(Tensor inputIds) => InputIds = inputIds;

    /// <summary>[B, T] token ids.</summary>
    public Tensor InputIds { get; }
    /// <summary>[B, T, D] input embeddings used instead of looking up <see cref="InputIds"/> (HF inputs_embeds; attribution).</summary>
    public Tensor? InputsEmbeds { get; init; }
    /// <summary>[B, T] positions; default past + 0..T-1 (past = cache length or prefix length).</summary>
    public Tensor? PositionIds { get; init; }
    /// <summary>[B, P+T]: 1 for real tokens, 0 for padding, over past and new positions; null when nothing is padded.</summary>
    public Tensor? AttentionMask { get; init; }
    /// <summary>KV cache to read and extend (generation).</summary>
    public KvCache? Cache { get; init; }
    /// <summary>Per-layer prefix keys/values [B, KV, P, hd] (prefix tuning during training).</summary>
    public IReadOnlyList<(Tensor K, Tensor V)>? Prefix { get; init; }
    /// <summary>Project only the last position to logits (generation: [B, 1, V]).</summary>
    public bool LastPositionOnly { get; init; }
    /// <summary>When set, receives HF-style hidden states (embeddings, each layer but the last, final norm output).</summary>
    public List<Tensor>? HiddenStates { get; init; }
    /// <summary>Wraps each decoder layer's call (gradient checkpointing).</summary>
    public DecoderLayerRunner? LayerRunner { get; init; }
}
