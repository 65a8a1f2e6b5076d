using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Llama 3's pre-tokenizer, <see cref="Pattern"/>, written out as a scanner over Unicode code points.
/// It splits exactly as the regex does in Hugging Face tokenizers (Oniguruma, code-point semantics), which .NET's
/// <see cref="System.Text.RegularExpressions.Regex"/> does not for characters outside the BMP: .NET sees a
/// surrogate pair as two non-letters, so "a𠀀b" would become three pieces instead of one. It is also several
/// times faster than the regex. Alternatives are tried in the regex's order at each position:
/// <list type="number">
/// <item><c>(?i:'s|'t|'re|'ve|'m|'ll|'d)</c> (case-insensitive with Unicode folding, so 'ſ counts as 's)</item>
/// <item><c>[^\r\n\p{L}\p{N}]?\p{L}+</c> — one optional non-letter, non-digit, non-newline, then letters</item>
/// <item><c>\p{N}{1,3}</c></item>
/// <item><c> ?[^\s\p{L}\p{N}]+[\r\n]*</c></item>
/// <item><c>\s*[\r\n]+</c> — whitespace up to and including the last newline of the run</item>
/// <item><c>\s+(?!\S)</c> — a whitespace run, leaving its last space to the word that follows</item>
/// <item><c>\s+</c></item>
/// </list>
/// </summary>
public sealed class Llama3PreTokenizer : PreTokenizer
{
    /// <summary>The pre-tokenizer regex of every Llama 3 / 3.1 / 3.2 / 3.3 tokenizer.json.</summary>
    public const string Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The shared instance (the scanner has no state).</summary>
    public static Llama3PreTokenizer Instance { get; } = new();

    private const byte Other = 0, Letter = 1, Number = 2, Space = 3, Newline = 4;
    private static readonly byte[] bmpClass = BuildBmpTable();

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : Split(text.AsSpan());

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text);

    /// <summary>Every piece of <paramref name="text"/> as (offset, length) in UTF-16 units, in order, covering it.</summary>
    public static List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int, int)>(text.Length / 4 + 1);
        for (var i = 0; i < text.Length;)
        {
            var end = NextEnd(text, i);
            pieces.Add((i, end - i));
            i = end;
        }
        return pieces;
    }

    /// <summary>Where the piece that starts at <paramref name="i"/> ends (exclusive).</summary>
    private static int NextEnd(ReadOnlySpan<char> s, int i)
    {
        var c = Classify(s, i, out var w);
        if (s[i] == '\'' && Contraction(s, i) is var n && n > 0) return i + n;                    // 1
        if (c == Letter) return LetterRun(s, i);                                                   // 2
        if (c is Other or Space && i + w < s.Length && Classify(s, i + w, out _) == Letter)
            return LetterRun(s, i + w);
        if (c == Number)                                                                           // 3
        {
            var j = i + w;
            for (var k = 1; k < 3 && j < s.Length && Classify(s, j, out var wn) == Number; k++) j += wn;
            return j;
        }
        if (s[i] == ' ' && i + 1 < s.Length && Classify(s, i + 1, out _) == Other)                 // 4
            return OtherRun(s, i + 1);
        if (c == Other) return OtherRun(s, i);
        var end = i;                                                                               // whitespace
        var lastNewline = -1;
        while (end < s.Length && bmpClass[s[end]] is Space or Newline)
        {
            if (bmpClass[s[end]] == Newline) lastNewline = end;
            end++;
        }
        if (lastNewline >= 0) return lastNewline + 1;                                              // 5
        if (end == s.Length || end - 1 == i) return end;                                           // 6 at the end, or 7
        return end - 1;                                                                            // 6
    }

    private static int Contraction(ReadOnlySpan<char> s, int i)
    {
        if (i + 1 >= s.Length) return 0;
        var a = Fold(s[i + 1]);
        var b = i + 2 < s.Length ? Fold(s[i + 2]) : '\0';
        return a switch
        {
            's' or 't' or 'm' or 'd' => 2,
            'r' or 'v' when b == 'e' => 3,
            'l' when b == 'l' => 3,
            _ => 0,
        };
    }

    /// <summary>Simple case folding for the letters the contractions use (ſ, U+017F, folds to s).</summary>
    private static char Fold(char c) => c == '\u017F' ? 's' : c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static int LetterRun(ReadOnlySpan<char> s, int j)
    {
        while (j < s.Length && Classify(s, j, out var w) == Letter) j += w;
        return j;
    }

    private static int OtherRun(ReadOnlySpan<char> s, int j)
    {
        while (j < s.Length && Classify(s, j, out var w) == Other) j += w;
        while (j < s.Length && s[j] is '\r' or '\n') j++;
        return j;
    }

    /// <summary>The class of the code point at <paramref name="i"/> and its width in UTF-16 units (1 or 2).</summary>
    private static byte Classify(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return ClassOf(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1])));
        }
        width = 1;
        return bmpClass[c];
    }

    private static byte ClassOf(UnicodeCategory cat) => cat switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Number,
        _ => Other,
    };

    private static byte[] BuildBmpTable()
    {
        var table = new byte[65536];
        for (var c = 0; c < 65536; c++)
            table[c] = c is '\r' or '\n' ? Newline
                : char.IsWhiteSpace((char)c) ? Space   // Unicode White_Space: \t\v\f, U+0085, Zs, Zl, Zp
                : ClassOf(CharUnicodeInfo.GetUnicodeCategory((char)c));
        return table;
    }
}
