using System.Text;

namespace MedMLNet.Evaluation.Text;

/// <summary>
/// Python <c>str</c> semantics the reference implementations rely on: what <c>str.isspace</c> counts as
/// whitespace (it includes U+001C..U+001F, which .NET's <c>char.IsWhiteSpace</c> does not), <c>split()</c>,
/// <c>strip()</c>, <c>rstrip()</c> and <c>lower()</c> (full case mapping for U+0130 and the final sigma).
/// </summary>
internal static class PyText
{
    /// <summary>The .NET regex class equal to Python's <c>\s</c> on str patterns.</summary>
    public const string SpaceClass = @"[\s\x1c-\x1f]";

    /// <summary>The .NET regex class equal to Python's <c>\w</c> on str patterns (letters, numbers, underscore).</summary>
    public const string WordClass = @"[\p{L}\p{N}_]";

    /// <summary>Python's <c>\b</c> (a boundary between <see cref="WordClass"/> and anything else).</summary>
    public const string Boundary = @"(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))";

    /// <summary>True for the characters Python's <c>str.isspace()</c> accepts.</summary>
    public static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= ' ' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary>Python's <c>text.split()</c>: split on whitespace runs, no empty items.</summary>
    public static List<string> Split(string text)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !IsSpace(text[i])) i++;
            if (i > start) parts.Add(text[start..i]);
        }
        return parts;
    }

    /// <summary>Python's <c>text.strip()</c>.</summary>
    public static string Strip(string text) => RStrip(LStrip(text));

    /// <summary>Python's <c>text.lstrip()</c>.</summary>
    public static string LStrip(string text)
    {
        var i = 0;
        while (i < text.Length && IsSpace(text[i])) i++;
        return text[i..];
    }

    /// <summary>Python's <c>text.rstrip()</c>.</summary>
    public static string RStrip(string text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        return text[..end];
    }

    /// <summary>Python's <c>text.lower()</c>: invariant lowercase plus U+0130 → "i̇" and the final sigma rule.</summary>
    public static string Lower(string text)
    {
        var lower = text.ToLowerInvariant();
        if (text.IndexOf('\u0130') < 0 && text.IndexOf('\u03a3') < 0) return lower;
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u0130') sb.Append("i\u0307");
            else if (c == '\u03a3') sb.Append(IsFinalSigma(text, i) ? '\u03c2' : '\u03c3');
            else sb.Append(lower[i]);
        }
        return sb.ToString();
    }

    private static bool IsFinalSigma(string text, int i)
    {
        var before = i > 0 && char.IsLetter(text[i - 1]);
        var after = i + 1 < text.Length && char.IsLetter(text[i + 1]);
        return before && !after;
    }

    /// <summary>The number of code points (Python's <c>len</c>).</summary>
    public static int Length(string text)
    {
        var n = text.Length;
        foreach (var c in text) if (char.IsLowSurrogate(c)) n--;
        return n;
    }
}
