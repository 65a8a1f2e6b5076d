using System.Text;

namespace MedMLNet.Evaluation.Robustness;

/// <summary>Kinds of realistic input noise.</summary>
public enum Perturbation
{
    /// <summary>Adjacent-letter swaps, dropped or doubled letters, keyboard-neighbour substitutions.</summary>
    Typos,
    /// <summary>Random word casing (lower, UPPER, Title).</summary>
    Casing,
    /// <summary>Punctuation removed.</summary>
    MissingPunctuation,
    /// <summary>ASCII letters, digits and punctuation turned into their full-width forms (U+FF01..U+FF5E, U+3000).</summary>
    FullWidth,
    /// <summary>Doubled spaces, stray leading/trailing whitespace, tabs.</summary>
    ExtraWhitespace,
    /// <summary>Some medical terms switched to the other language (English ↔ Chinese).</summary>
    MixedChineseEnglish,
}

/// <summary>
/// Seeded text perturbations for robustness tests: the same seed, text and kind always give the same output.
/// Each call takes its randomness from (seed, kind, text), so results do not depend on call order.
/// </summary>
/// <param name="seed">Base seed.</param>
/// <param name="rate">Roughly the fraction of words (or letters for typos) touched, 0–1.</param>
public sealed class TextPerturber(int seed = 12345, double rate = 0.15)
{
    private const string Punctuation = ".,;:!?，。；：！？、\"'()（）";

    /// <summary>Every kind.</summary>
    public static readonly Perturbation[] All = Enum.GetValues<Perturbation>();

    /// <summary>Applies one perturbation.</summary>
    public string Apply(string text, Perturbation kind)
    {
        var rng = new Random(StableSeed.Mix(seed, (int)kind, StableHash(text)));
        return kind switch
        {
            Perturbation.Typos => Typos(text, rng),
            Perturbation.Casing => Casing(text, rng),
            Perturbation.MissingPunctuation => new string(text.Where(c => !Punctuation.Contains(c)).ToArray()),
            Perturbation.FullWidth => FullWidth(text),
            Perturbation.ExtraWhitespace => Whitespace(text, rng),
            _ => MedicalTermMixer.Mix(text, rng, Math.Max(rate, 0.5)),
        };
    }

    private string Typos(string text, Random rng)
    {
        var chars = text.ToList();
        for (var i = 0; i < chars.Count; i++)
        {
            if (!char.IsAsciiLetter(chars[i]) || rng.NextDouble() >= rate / 3) continue;
            switch (rng.Next(4))
            {
                case 0 when i + 1 < chars.Count && char.IsAsciiLetter(chars[i + 1]): (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]); i++; break;
                case 1: chars.RemoveAt(i); i--; break;
                case 2: chars.Insert(i, chars[i]); i++; break;
                default: chars[i] = KeyboardNeighbour(chars[i], rng); break;
            }
        }
        return new string(chars.ToArray());
    }

    private static readonly string[] Rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    private static char KeyboardNeighbour(char c, Random rng)
    {
        var lower = char.ToLowerInvariant(c);
        foreach (var row in Rows)
        {
            var i = row.IndexOf(lower);
            if (i < 0) continue;
            var j = i == 0 ? 1 : i == row.Length - 1 ? i - 1 : i + (rng.Next(2) == 0 ? -1 : 1);
            return char.IsUpper(c) ? char.ToUpperInvariant(row[j]) : row[j];
        }
        return c;
    }

    private string Casing(string text, Random rng)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var (word, sep) in Words(text))
        {
            var w = rng.NextDouble() < rate * 2 ? rng.Next(3) switch
            {
                0 => word.ToLowerInvariant(),
                1 => word.ToUpperInvariant(),
                _ => word.Length > 0 ? char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant() : word,
            } : word;
            sb.Append(w).Append(sep);
        }
        return sb.ToString();
    }

    /// <summary>ASCII '!'..'~' → U+FF01..U+FF5E, space → U+3000.</summary>
    public static string FullWidth(string text) =>
        new(text.Select(c => c == ' ' ? '\u3000' : c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c).ToArray());

    private string Whitespace(string text, Random rng)
    {
        var sb = new StringBuilder();
        if (rng.Next(2) == 0) sb.Append(' ', 1 + rng.Next(2));
        foreach (var c in text)
        {
            sb.Append(c);
            if (c == ' ' && rng.NextDouble() < rate * 2) sb.Append(rng.Next(3) == 0 ? "\t" : "  ");
        }
        if (rng.Next(2) == 0) sb.Append(' ', 1 + rng.Next(2));
        return sb.ToString();
    }

    private static IEnumerable<(string Word, string Sep)> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            var mid = i;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            yield return (text[start..mid], text[mid..i]);
        }
    }

    /// <summary>FNV-1a over UTF-16 units (string.GetHashCode is randomised per process).</summary>
    internal static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
