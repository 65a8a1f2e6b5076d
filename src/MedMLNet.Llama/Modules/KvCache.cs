using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// A preallocated key/value cache: per layer K and V of [B, KV, capacity, D]. Decoding writes each new step in
/// place and attends over a narrowed view, so no per-token allocation grows with the sequence length.
/// A prefix-tuning prefix is simply the cache's first entries.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] keys, values;

    public KvCache(int layers, long batch, long kvHeads, long capacity, long headDim, ScalarType dtype, Device? device = null)
    {
        keys = new Tensor[layers];
        values = new Tensor[layers];
        for (var i = 0; i < layers; i++)
        {
            keys[i] = zeros([batch, kvHeads, capacity, headDim], dtype, device);
            values[i] = zeros([batch, kvHeads, capacity, headDim], dtype, device);
        }
        Capacity = capacity;
    }

    /// <summary>Positions filled so far (prefix included).</summary>
    public long Length { get; private set; }
    public long Capacity { get; }

    /// <summary>Writes k/v [B, KV, T, D] at the current length for <paramref name="layer"/> and returns views [B, KV, Length+T, D].</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache full: {Length} + {t} positions exceed its capacity {Capacity} (raise the context or max new tokens budget).");
        keys[layer].narrow(2, Length, t).copy_(k);
        values[layer].narrow(2, Length, t).copy_(v);
        return (keys[layer].narrow(2, 0, Length + t), values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Called once per forward, after every layer appended <paramref name="steps"/> positions.</summary>
    public void Advance(long steps) => Length += steps;

    /// <summary>Forgets everything after <paramref name="length"/> (e.g. back to the prefix).</summary>
    public void Truncate(long length) => Length = Math.Min(Length, length);

    public void Dispose()
    {
        foreach (var t in keys) t.Dispose();
        foreach (var t in values) t.Dispose();
    }
}
