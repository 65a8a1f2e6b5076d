using System.Globalization;
using System.Text;

namespace MedMLNet.Data.Cleaning;

/// <summary>
/// NFKC "where safe", and full-width punctuation → ASCII for mixed text. NFKC folds full-width letters and
/// digits, ligatures, ㎎ → mg, ℃ → °C; it is NOT applied to characters whose folding changes meaning or style
/// of the data: superscripts/subscripts (m², 10⁹), vulgar fractions (½), and full-width punctuation (，？：), which
/// Chinese text keeps — those are converted only where both neighbours are Latin/digits (or in text without CJK).
/// </summary>
internal static class UnicodeCleaner
{
    /// <summary>NFKC on every run of safe characters.</summary>
    public static string Nfkc(string text)
    {
        if (text.IsNormalized(NormalizationForm.FormKC)) return text;
        var sb = new StringBuilder(text.Length);
        var run = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsUnsafe(rune))
            {
                sb.Append(Normalize(run.ToString()));
                run.Clear();
                sb.Append(rune.ToString());
            }
            else run.Append(rune.ToString());
        }
        sb.Append(Normalize(run.ToString()));
        return sb.ToString();
    }

    private static string Normalize(string s)
    {
        try { return s.Normalize(NormalizationForm.FormKC); }
        catch (ArgumentException) { return s; } // unpaired surrogates: leave as they are
    }

    private static bool IsUnsafe(Rune r)
    {
        var v = r.Value;
        if (IsFullWidthPunctuation((char)Math.Min(v, 0xFFFF)) && v <= 0xFFFF) return true;
        if (v is 0x00B2 or 0x00B3 or 0x00B9 or (>= 0x2070 and <= 0x209F)) return true; // super/subscripts
        if (v is (>= 0x00BC and <= 0x00BE) or (>= 0x2150 and <= 0x215F) or 0x2189) return true; // fractions
        return false;
    }

    /// <summary>Full-width ASCII punctuation/symbols (U+FF01–FF5E that are not letters or digits) and the ideographic space.</summary>
    public static bool IsFullWidthPunctuation(char c) => c is >= '\uFF01' and <= '\uFF5E' && !char.IsLetterOrDigit(c) || c == '\u3000';

    /// <summary>True for CJK ideographs, kana, hangul and CJK symbols (the context that keeps full-width punctuation).</summary>
    public static bool IsCjk(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3001' and <= '\u303F')
        or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Full-width punctuation → ASCII where it is not in Chinese context.</summary>
    public static string HalfWidthPunctuation(string text)
    {
        if (!text.Any(IsFullWidthPunctuation)) return text;
        var hasCjk = text.Any(IsCjk);
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!IsFullWidthPunctuation(text[i])) continue;
            if (hasCjk && (IsCjk(Neighbour(text, i, -1)) || IsCjk(Neighbour(text, i, +1)))) continue;
            chars[i] = text[i] == '\u3000' ? ' ' : (char)(text[i] - 0xFEE0);
        }
        return new string(chars);
    }

    /// <summary>The nearest character in <paramref name="step"/> direction that is neither space nor full-width punctuation ('\0' at the ends).</summary>
    private static char Neighbour(string text, int i, int step)
    {
        for (var j = i + step; j >= 0 && j < text.Length; j += step)
            if (!char.IsWhiteSpace(text[j]) && !IsFullWidthPunctuation(text[j]) && !(text[j] < 128 && char.IsPunctuation(text[j])))
                return text[j];
        return '\0';
    }
}
