using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Adapters;

/// <summary>
/// Prefix tuning as PEFT does it for Llama: one table `prompt_embeddings` [nvt, L·2·KV·hd] that becomes per-layer
/// past keys and values (viewed as [nvt, L·2, KV, hd]; layer l's key is slice 2l, its value 2l+1), used as
/// already-rotated cache entries. Real tokens then sit at positions nvt, nvt+1, …
/// </summary>
public sealed class PrefixEncoder : IDisposable
{
    public PrefixEncoder(Tensor promptEmbeddings, LlamaConfig config)
    {
        var width = (long)config.NumHiddenLayers * 2 * config.NumKeyValueHeads * config.HeadDim;
        if (promptEmbeddings.ndim != 2 || promptEmbeddings.shape[1] != width)
            throw new ArgumentException($"prompt_embeddings must be [num_virtual_tokens, {width}] (layers·2·kv_heads·head_dim) for this model, got [{string.Join(",", promptEmbeddings.shape)}].");
        Config = config;
        Weight = new Parameter(promptEmbeddings.to(ScalarType.Float32).detach().clone(), requires_grad: true);
    }

    public LlamaConfig Config { get; }
    /// <summary>prompt_embeddings [nvt, L·2·KV·hd], fp32.</summary>
    public Parameter Weight { get; }
    public long NumVirtualTokens => Weight.shape[0];

    /// <summary>Fresh prefix: PEFT initialises the embedding with N(0, 1).</summary>
    public static PrefixEncoder Create(LlamaConfig config, PrefixOptions options)
    {
        using var g = new Generator((ulong)options.Seed);
        var width = (long)config.NumHiddenLayers * 2 * config.NumKeyValueHeads * config.HeadDim;
        using var w = randn([options.NumVirtualTokens, width], dtype: ScalarType.Float32, generator: g);
        return new PrefixEncoder(w, config);
    }

    /// <summary>Per-layer (K, V), each [B, KV, nvt, hd] in <paramref name="dtype"/>.</summary>
    public IReadOnlyList<(Tensor K, Tensor V)> PastKeyValues(long batch, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var c = Config;
        var nvt = NumVirtualTokens;
        var table = Weight.to(dtype).view(nvt, c.NumHiddenLayers * 2, c.NumKeyValueHeads, c.HeadDim) // [nvt, 2L, KV, hd]
            .permute(1, 2, 0, 3)                                                                     // [2L, KV, nvt, hd]
            .unsqueeze(1).expand(c.NumHiddenLayers * 2, batch, c.NumKeyValueHeads, nvt, c.HeadDim);  // [2L, B, KV, nvt, hd]
        var result = new List<(Tensor, Tensor)>(c.NumHiddenLayers);
        for (var l = 0; l < c.NumHiddenLayers; l++)
            result.Add((table[2 * l].MoveToOuterDisposeScope(), table[2 * l + 1].MoveToOuterDisposeScope()));
        return result;
    }

    /// <summary>The prefix as a pre-filled KV cache for <paramref name="batch"/> rows (what a forward's past_key_values takes).</summary>
    public KvCache ToCache(long batch, ScalarType dtype) => KvCache.FromPrefix(PastKeyValues(batch, dtype));

    public void Dispose() => Weight.Dispose();
}
