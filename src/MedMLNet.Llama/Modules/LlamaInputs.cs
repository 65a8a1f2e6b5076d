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
    /// <summary>[B, T] positions; default past + 0..T-1 (past = the length of <see cref="PastKeyValues"/>).</summary>
    public Tensor? PositionIds { get; init; }
    /// <summary>[B, P+T]: 1 for real tokens, 0 for padding, over past and new positions; null when nothing is padded.</summary>
    public Tensor? AttentionMask { get; init; }
    /// <summary>
    /// The keys/values before these positions (transformers' past_key_values): a generation cache to read and extend,
    /// or a prefix-tuning prefix (<see cref="KvCache.FromPrefix"/>, <see cref="Adapters.PrefixEncoder.ToCache"/>).
    /// </summary>
    public KvCache? PastKeyValues { get; init; }
    /// <summary>Project only the last position to logits (generation: [B, 1, V]).</summary>
    public bool LastPositionOnly { get; init; }
    /// <summary>When set, receives HF-style hidden states (embeddings, each layer but the last, final norm output).</summary>
    public List<Tensor>? HiddenStates { get; init; }
    /// <summary>Wraps each decoder layer's call (gradient checkpointing).</summary>
    public DecoderLayerRunner? LayerRunner { get; init; }
}
