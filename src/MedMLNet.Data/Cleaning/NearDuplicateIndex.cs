namespace MedMLNet.Data;

/// <summary>
/// Deterministic MinHash + LSH near-duplicate detector over character 5-gram shingles of <see cref="TextKey"/>
/// forms (so it works for Chinese and English alike): 64 hash functions in 16 bands of 4 rows; a candidate
/// sharing a band is a duplicate when its estimated Jaccard similarity reaches the threshold. Memory: 256 bytes
/// a kept text.
/// </summary>
public sealed class NearDuplicateIndex(double threshold = 0.9)
{
    private const int Hashes = 64, Bands = 16, Rows = Hashes / Bands, Shingle = 5;
    private static readonly ulong[] Seeds = Enumerable.Range(1, Hashes).Select(i => TextKey.Mix((ulong)i * 0x9E3779B97F4A7C15UL)).ToArray();
    private readonly List<uint[]> signatures = [];
    private readonly Dictionary<ulong, List<int>> buckets = [];

    /// <summary>Similarity at or above which a text counts as a duplicate.</summary>
    public double Threshold { get; } = threshold is > 0 and <= 1 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), "use a Jaccard threshold in (0, 1].");

    /// <summary>Adds <paramref name="text"/> unless it nearly duplicates a text added before; returns true when added.</summary>
    public bool TryAdd(string text)
    {
        var sig = Signature(TextKey.Normalize(text));
        var keys = new ulong[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var h = (ulong)b * 0x9E3779B97F4A7C15UL;
            for (var r = 0; r < Rows; r++) h = TextKey.Mix(h ^ sig[b * Rows + r]);
            keys[b] = h;
            if (buckets.TryGetValue(h, out var list))
                foreach (var other in list)
                    if (Similarity(sig, signatures[other]) >= Threshold) return false;
        }
        var id = signatures.Count;
        signatures.Add(sig);
        foreach (var k in keys)
        {
            if (!buckets.TryGetValue(k, out var list)) buckets[k] = list = [];
            list.Add(id);
        }
        return true;
    }

    /// <summary>Estimated Jaccard similarity of two texts' shingle sets.</summary>
    public static double EstimateSimilarity(string a, string b) => Similarity(Signature(TextKey.Normalize(a)), Signature(TextKey.Normalize(b)));

    private static double Similarity(uint[] a, uint[] b)
    {
        var same = 0;
        for (var i = 0; i < Hashes; i++) if (a[i] == b[i]) same++;
        return (double)same / Hashes;
    }

    private static uint[] Signature(string normalized)
    {
        var sig = new uint[Hashes];
        Array.Fill(sig, uint.MaxValue);
        var count = Math.Max(1, normalized.Length - Shingle + 1);
        for (var i = 0; i < count; i++)
        {
            var shingle = normalized.AsSpan(i, Math.Min(Shingle, normalized.Length - i));
            var baseHash = TextKey.StableHash(shingle);
            for (var k = 0; k < Hashes; k++)
            {
                var h = (uint)(TextKey.Mix(baseHash ^ Seeds[k]) >> 32);
                if (h < sig[k]) sig[k] = h;
            }
        }
        return sig;
    }
}
