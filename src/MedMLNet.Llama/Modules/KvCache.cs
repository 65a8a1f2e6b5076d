using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// The past keys/values a forward attends over before its own positions (transformers' past_key_values), in one of two
/// forms. A generation cache is preallocated, per layer K and V of [B, KV, capacity, D]: decoding writes each new step
/// in place and attends over a narrowed view, so no per-token allocation grows with the sequence length. A
/// prefix-tuning prefix is a pre-filled cache (<see cref="FromPrefix"/>): every forward attends over the prefix and its
/// own positions, gradients flow into the prefix, and nothing is added to it. A generation cache holds a prefix as its
/// first entries.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] keys, values;
    private readonly bool prefilled; // FromPrefix: the tensors are the caller's, Append concatenates and keeps nothing

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

    private KvCache(Tensor[] keys, Tensor[] values, long length)
    {
        this.keys = keys;
        this.values = values;
        prefilled = true;
        Length = Capacity = length;
    }

    /// <summary>
    /// A cache pre-filled with a prefix-tuning prefix: per layer (K, V) [B, KV, P, hd], already rotated (as PEFT stores
    /// them). The tensors stay the caller's (this cache does not dispose them).
    /// </summary>
    public static KvCache FromPrefix(IReadOnlyList<(Tensor K, Tensor V)> prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new([.. prefix.Select(p => p.K)], [.. prefix.Select(p => p.V)], prefix.Count == 0 ? 0 : prefix[0].K.shape[2]);
    }

    /// <summary>Whether this is a pre-filled prefix (<see cref="FromPrefix"/>) rather than a generation cache.</summary>
    public bool IsPrefix => prefilled;

    /// <summary>The prefix keys and values of <paramref name="layer"/> (a pre-filled cache; gradient checkpointing differentiates them).</summary>
    public (Tensor K, Tensor V) PrefixOf(int layer) =>
        prefilled ? (keys[layer], values[layer]) : throw new InvalidOperationException("a generation cache has no separate prefix tensors.");

    /// <summary>
    /// This prefix with <paramref name="layer"/>'s keys and values replaced (gradient checkpointing's recomputation of that
    /// layer, which may run after the other layers' prefix tensors were freed: only <paramref name="layer"/> is read).
    /// </summary>
    public KvCache WithPrefixOf(int layer, Tensor k, Tensor v)
    {
        if (!prefilled) throw new InvalidOperationException("only a pre-filled prefix can have a layer replaced.");
        var (ks, vs) = ((Tensor[])keys.Clone(), (Tensor[])values.Clone());
        (ks[layer], vs[layer]) = (k, v);
        return new KvCache(ks, vs, Length);
    }

    /// <summary>Positions filled so far (prefix included).</summary>
    public long Length { get; private set; }
    public long Capacity { get; }

    /// <summary>
    /// The keys and values [B, KV, Length+T, D] that new k/v [B, KV, T, D] of <paramref name="layer"/> attend over: a
    /// generation cache writes them at the current length and returns views; a prefix returns prefix ++ new.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        if (prefilled) return (cat([keys[layer].to(k.dtype), k], 2), cat([values[layer].to(v.dtype), v], 2));
        var t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache full: {Length} + {t} positions exceed its capacity {Capacity} (raise the context or max new tokens budget).");
        keys[layer].narrow(2, Length, t).copy_(k);
        values[layer].narrow(2, Length, t).copy_(v);
        return (keys[layer].narrow(2, 0, Length + t), values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Called once per forward, after every layer appended <paramref name="steps"/> positions (a prefix keeps its length).</summary>
    public void Advance(long steps)
    {
        if (!prefilled) Length += steps;
    }

    /// <summary>Forgets everything after <paramref name="length"/> (e.g. back to the prefix).</summary>
    public void Truncate(long length) => Length = Math.Min(Length, length);

    public void Dispose()
    {
        if (prefilled) return;
        foreach (var t in keys) t.Dispose();
        foreach (var t in values) t.Dispose();
    }
}
