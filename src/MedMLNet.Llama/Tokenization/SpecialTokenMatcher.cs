namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Finds special-token names in text, leftmost first and longest at a position (as Hugging Face's added-token
/// splitting does). Used only by the trusted encoding path.
/// </summary>
internal sealed class SpecialTokenMatcher
{
    private readonly Dictionary<char, (string Name, int Id)[]> byFirstChar;

    public SpecialTokenMatcher(IReadOnlyDictionary<string, int> specials) =>
        byFirstChar = specials.Where(s => s.Key.Length > 0)
            .GroupBy(s => s.Key[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Key.Length).Select(s => (s.Key, s.Value)).ToArray());

    /// <summary>The next special token at or after <paramref name="start"/>: its position, length and id; or position -1.</summary>
    public (int Index, int Length, int Id) FindNext(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (!byFirstChar.TryGetValue(text[i], out var candidates)) continue;
            foreach (var (name, id) in candidates)
                if (text.AsSpan(i).StartsWith(name, StringComparison.Ordinal))
                    return (i, name.Length, id);
        }
        return (-1, 0, -1);
    }
}
