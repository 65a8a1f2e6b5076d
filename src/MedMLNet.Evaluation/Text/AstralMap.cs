using System.Text;

namespace MedMLNet.Evaluation.Text;

/// <summary>
/// Replaces each distinct astral (non-BMP) character of a word by one unused private-use BMP char, so
/// algorithms written against Python's code-point indexing see one char per code point; reversible.
/// </summary>
internal sealed class AstralMap
{
    private readonly Dictionary<char, string> back = [];

    /// <summary>Rewrites <paramref name="word"/> in place; null when it has no surrogate pairs.</summary>
    public static AstralMap? Encode(ref string word)
    {
        if (!word.Any(char.IsSurrogate)) return null;
        var map = new AstralMap();
        var forward = new Dictionary<string, char>(StringComparer.Ordinal);
        var next = '\uE000';
        var sb = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]))
            {
                var pair = word.Substring(i++, 2);
                if (!forward.TryGetValue(pair, out var c))
                {
                    while (word.Contains(next)) next++;
                    c = next++;
                    forward[pair] = c;
                    map.back[c] = pair;
                }
                sb.Append(c);
            }
            else sb.Append(word[i]);
        }
        word = sb.ToString();
        return map;
    }

    /// <summary>Restores the astral characters.</summary>
    public string Decode(string word)
    {
        var sb = new StringBuilder(word.Length + back.Count);
        foreach (var c in word) sb.Append(back.TryGetValue(c, out var pair) ? pair : c.ToString());
        return sb.ToString();
    }
}
