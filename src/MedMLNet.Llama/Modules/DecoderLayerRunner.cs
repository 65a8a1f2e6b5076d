using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>Runs one decoder layer: hidden [B, T, D] with its prefix past keys/values ([B, KV, P, hd] each, or null) → [B, T, D].</summary>
public delegate Tensor DecoderLayerCall(Tensor hidden, (Tensor K, Tensor V)? past);

/// <summary>Wraps each decoder layer's call (gradient checkpointing); must return what <paramref name="call"/> returns.</summary>
public delegate Tensor DecoderLayerRunner(LlamaDecoderLayer layer, Tensor hidden, (Tensor K, Tensor V)? past, DecoderLayerCall call);
