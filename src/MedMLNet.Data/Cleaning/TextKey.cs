using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MedMLNet.Data;

/// <summary>
/// Normalization used for comparing texts (duplicates, split groups): NFKC, lower case, letters and digits only
/// (punctuation, spaces and symbols dropped). "What is Asthma ?" and "what is asthma?" share a key.
/// </summary>
public static class TextKey
{
    /// <summary>The comparison form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        string folded;
        try { folded = text.Normalize(NormalizationForm.FormKC); }
        catch (ArgumentException) { folded = text; }
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>A 128-bit digest of the normalized text (for exact-duplicate sets).</summary>
    public static UInt128 Digest(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text)), hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }

    /// <summary>Stable 64-bit FNV-1a hash of a string (not randomized per process, unlike string.GetHashCode).</summary>
    public static ulong StableHash(ReadOnlySpan<char> s, ulong seed = 0)
    {
        var h = 14695981039346656037UL ^ seed;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return Mix(h);
    }

    /// <summary>SplitMix64 finalizer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
