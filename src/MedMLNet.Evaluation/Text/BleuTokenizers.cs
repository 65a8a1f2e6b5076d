using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Text;

/// <summary>The tokenizers sacrebleu 2.6.0 offers for BLEU that need no external model (its <c>--tokenize</c> names: 13a, zh, intl, char, none).</summary>
public enum BleuTokenizer
{
    /// <summary>sacrebleu's default <c>13a</c> (mteval-v13a) tokenizer, for English and other Western languages.</summary>
    Tok13a,

    /// <summary>sacrebleu's <c>zh</c> tokenizer: CJK characters split apart, then the regex pass of 13a.</summary>
    Zh,

    /// <summary>sacrebleu's <c>intl</c> (mteval-v14 international): Unicode punctuation split off unless between digits, symbols split.</summary>
    Intl,

    /// <summary>sacrebleu's <c>char</c>: every character a token.</summary>
    Char,

    /// <summary>sacrebleu's <c>none</c>: whitespace only.</summary>
    None,
}

/// <summary>sacrebleu 2.6.0's tokenizers, output as sacrebleu gives it (space-joined).</summary>
public static class BleuTokenizers
{
    private static readonly (Regex, string)[] RegexPass =
    [
        // punctuation and symbols: { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
        (new Regex(@"([\{-\~\[-\x60\x20-\&\(-\+\:-\@\/])", RegexOptions.Compiled | RegexOptions.CultureInvariant), " $1 "),
        // period and comma unless preceded by a digit
        (new Regex(@"([^0-9])([\.,])", RegexOptions.Compiled | RegexOptions.CultureInvariant), "$1 $2 "),
        // period and comma unless followed by a digit
        (new Regex(@"([\.,])([^0-9])", RegexOptions.Compiled | RegexOptions.CultureInvariant), " $1 $2"),
        // dash after a digit
        (new Regex(@"([0-9])(-)", RegexOptions.Compiled | RegexOptions.CultureInvariant), "$1 $2 "),
    ];

    /// <summary>sacrebleu's names for the tokenizers, in enum order.</summary>
    public static readonly IReadOnlyList<string> Names = ["13a", "zh", "intl", "char", "none"];

    /// <summary>Tokenizes with the chosen tokenizer.</summary>
    public static string Tokenize(string line, BleuTokenizer tokenizer) => tokenizer switch
    {
        BleuTokenizer.Zh => TokenizeZh(line),
        BleuTokenizer.Intl => TokenizeIntl(line),
        BleuTokenizer.Char => TokenizeChar(line),
        BleuTokenizer.None => line,
        _ => Tokenize13a(line),
    };

    /// <summary>The tokenizer of a sacrebleu name (13a, zh, intl, char, none).</summary>
    public static BleuTokenizer Parse(string name)
    {
        var i = Names.ToList().IndexOf(name.ToLowerInvariant());
        return i >= 0 ? (BleuTokenizer)i
            : throw new ArgumentException($"unknown BLEU tokenizer '{name}': use {string.Join(", ", Names)} (--tokenize).");
    }

    /// <summary>The sacrebleu name of a tokenizer.</summary>
    public static string Name(BleuTokenizer tokenizer) => Names[(int)tokenizer];

    /// <summary>
    /// sacrebleu's <c>TokenizerV14International</c>: <c>(\P{N})(\p{P})</c> → "$1 $2 ", then <c>(\p{P})(\P{N})</c> →
    /// " $1 $2", then <c>(\p{S})</c> → " $1 ", whitespace normalised; on code points, as Python's <c>regex</c> sees them.
    /// </summary>
    public static string TokenizeIntl(string line)
    {
        var runes = line.EnumerateRunes().ToList();
        var sb = new StringBuilder(line.Length * 2);
        // pass 1: a punctuation mark preceded by a non-digit
        for (var i = 0; i < runes.Count; i++)
        {
            if (i + 1 < runes.Count && !IsNumber(runes[i]) && IsPunctuation(runes[i + 1]))
            {
                sb.Append(runes[i].ToString()).Append(' ').Append(runes[i + 1].ToString()).Append(' ');
                i++;
            }
            else sb.Append(runes[i].ToString());
        }
        runes = sb.ToString().EnumerateRunes().ToList();
        sb.Clear();
        // pass 2: a punctuation mark followed by a non-digit
        for (var i = 0; i < runes.Count; i++)
        {
            if (i + 1 < runes.Count && IsPunctuation(runes[i]) && !IsNumber(runes[i + 1]))
            {
                sb.Append(' ').Append(runes[i].ToString()).Append(' ').Append(runes[i + 1].ToString());
                i++;
            }
            else sb.Append(runes[i].ToString());
        }
        runes = sb.ToString().EnumerateRunes().ToList();
        sb.Clear();
        // pass 3: symbols
        foreach (var r in runes)
        {
            if (IsSymbol(r)) sb.Append(' ').Append(r.ToString()).Append(' ');
            else sb.Append(r.ToString());
        }
        return string.Join(' ', PyText.Split(sb.ToString()));
    }

    /// <summary>sacrebleu's <c>TokenizerChar</c>: <c>" ".join(line)</c> over code points.</summary>
    public static string TokenizeChar(string line) => string.Join(' ', line.EnumerateRunes().Select(r => r.ToString()));

    private static bool IsNumber(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsPunctuation(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
        or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
        or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool IsSymbol(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
        or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;

    /// <summary>sacrebleu's <c>TokenizerRegexp</c>: the four regex passes, then whitespace normalised.</summary>
    public static string RegexTokenize(string line)
    {
        foreach (var (re, rep) in RegexPass) line = re.Replace(line, rep);
        return string.Join(' ', PyText.Split(line));
    }

    /// <summary>sacrebleu's <c>Tokenizer13a</c>.</summary>
    public static string Tokenize13a(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        return RegexTokenize($" {line} ");
    }

    /// <summary>
    /// sacrebleu's <c>TokenizerZh</c>: strip, put spaces around every "Chinese" code point, then the regex pass
    /// (not the full 13a: no entity unescaping).
    /// </summary>
    public static string TokenizeZh(string line)
    {
        line = PyText.Strip(line);
        var sb = new StringBuilder(line.Length * 2);
        foreach (var rune in line.EnumerateRunes())
        {
            if (IsSacrebleuChinese(rune.Value)) sb.Append(' ').Append(rune.ToString()).Append(' ');
            else sb.Append(rune.ToString());
        }
        return RegexTokenize(sb.ToString());
    }

    /// <summary>
    /// sacrebleu's <c>_is_chinese_char</c> as it actually behaves. Two of its ranges are written
    /// <c>u'\u20000'</c> and <c>u'\u2f800'</c>, which Python reads as two-character strings ("\u2000" + "0");
    /// compared with one character they select U+2001..U+2A6D and U+2F81..U+2FA1 (general punctuation,
    /// arrows, symbols...), and no astral CJK at all. Reproduced here because the scores depend on it.
    /// </summary>
    public static bool IsSacrebleuChinese(int cp) =>
        cp is (>= 0x3400 and <= 0x4DB5) or (>= 0x4E00 and <= 0x9FA5) or (>= 0x9FA6 and <= 0x9FBB)
            or (>= 0xF900 and <= 0xFA2D) or (>= 0xFA30 and <= 0xFA6A) or (>= 0xFA70 and <= 0xFAD9)
            or (>= 0x2001 and <= 0x2A6D) or (>= 0x2F81 and <= 0x2FA1)
            or (>= 0xFF00 and <= 0xFFEF) or (>= 0x2E80 and <= 0x2EFF) or (>= 0x3000 and <= 0x303F)
            or (>= 0x31C0 and <= 0x31EF) or (>= 0x2F00 and <= 0x2FDF) or (>= 0x2FF0 and <= 0x2FFF)
            or (>= 0x3100 and <= 0x312F) or (>= 0x31A0 and <= 0x31BF) or (>= 0xFE10 and <= 0xFE1F)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0x2600 and <= 0x26FF) or (>= 0x2700 and <= 0x27BF)
            or (>= 0x3200 and <= 0x32FF) or (>= 0x3300 and <= 0x33FF);
}
