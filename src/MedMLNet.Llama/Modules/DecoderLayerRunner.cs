using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>Runs one decoder layer: hidden [B, T, D] over its past keys/values (a cache or a prefix, or null) → [B, T, D].</summary>
public delegate Tensor DecoderLayerCall(Tensor hidden, KvCache? past);

/// <summary>Wraps each decoder layer's call (gradient checkpointing); must return what <paramref name="call"/> returns.</summary>
public delegate Tensor DecoderLayerRunner(LlamaDecoderLayer layer, Tensor hidden, KvCache? past, DecoderLayerCall call);
