namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Recovers the merges list of a rank-ordered byte-level BPE vocabulary, as transformers' tiktoken converter does:
/// the merge that creates token r is the pair BPE reaches when it encodes r's bytes using only tokens ranked below r.
/// </summary>
internal static class MergeDeriver
{
    /// <summary>One (left, right) pair per multi-byte token, in rank order, spelled in the byte-level alphabet.</summary>
    public static List<(string Left, string Right)> Derive(IReadOnlyList<byte[]> ranks)
    {
        var rankOf = new Dictionary<string, int>(ranks.Count, StringComparer.Ordinal);
        for (var r = 0; r < ranks.Count; r++)
            if (!rankOf.TryAdd(ByteLevelAlphabet.Encode(ranks[r]), r))
                throw new InvalidDataException($"Token {r} repeats the bytes of token {rankOf[ByteLevelAlphabet.Encode(ranks[r])]}.");
        var merges = new List<(string, string)>();
        for (var r = 0; r < ranks.Count; r++)
        {
            if (ranks[r].Length < 2) continue;
            var parts = Bpe(ByteLevelAlphabet.Encode(ranks[r]), rankOf, r);
            if (parts.Count != 2) throw new InvalidDataException($"Token {r} ('{ByteLevelAlphabet.Encode(ranks[r])}') cannot be made by merging two lower-ranked tokens.");
            merges.Add((parts[0], parts[1]));
        }
        return merges;
    }

    /// <summary>Byte-level BPE by rank: merge the adjacent pair whose concatenation has the lowest rank below <paramref name="maxRank"/>.</summary>
    private static List<string> Bpe(string token, Dictionary<string, int> rankOf, int maxRank)
    {
        var parts = token.Select(c => c.ToString()).ToList();
        while (true)
        {
            int best = -1, bestRank = maxRank;
            for (var i = 0; i + 1 < parts.Count; i++)
                if (rankOf.TryGetValue(parts[i] + parts[i + 1], out var r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0) return parts;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
    }
}
