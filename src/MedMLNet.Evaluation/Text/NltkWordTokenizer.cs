using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Text;

/// <summary>
/// NLTK 3.8's <c>word_tokenize(text, preserve_line=True)</c>: the Treebank-style <c>NLTKWordTokenizer</c>
/// (quotes, punctuation, brackets, double dashes, clitics, MacIntyre contractions) without sentence
/// splitting. Python's <c>\w</c>, <c>\b</c> and <c>\s</c> are spelled out so .NET matches what Python's re matches.
/// </summary>
public static class NltkWordTokenizer
{
    private const string W = PyText.WordClass, B = PyText.Boundary, S = PyText.SpaceClass;
    private const RegexOptions Opt = RegexOptions.CultureInvariant;
    private const RegexOptions OptI = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    private static (Regex, string) R(string pattern, string replacement, RegexOptions options = Opt) =>
        (new Regex(pattern, options | RegexOptions.Compiled), replacement);

    private static readonly (Regex, string)[] StartingQuotes =
    [
        R("([«“‘„]|[`]+)", " $1 "),
        R("^\"", "``"),
        R("(``)", " $1 "),
        R("([ \\(\\[{<])(\"|'{2})", "$1 `` "),
        R($"(')(?!re|ve|ll|m|t|s|d|n)({W}){B}", "$1 $2", OptI),
    ];

    private static readonly (Regex, string)[] Punctuation =
    [
        R($"([^\\.])(\\.)([\\]\\)}}>\"'»”’ ]*){S}*$", "$1 $2 $3 "),
        R("([:,])([^\\d])", " $1 $2"),
        R("([:,])$", " $1 "),
        R("\\.{2,}", " $0 "),
        R("[;@#$%&]", " $0 "),
        R($"([^\\.])(\\.)([\\]\\)}}>\"']*){S}*$", "$1 $2$3 "),
        R("[?!]", " $0 "),
        R("([^'])' ", "$1 ' "),
        R("[*]", " $0 "),
        R("[\\]\\[\\(\\)\\{\\}\\<\\>]", " $0 "),
        R("--", " -- "),
    ];

    private static readonly (Regex, string)[] EndingQuotes =
    [
        R("([»”’])", " $1 "),
        R("''", " '' "),
        R("\"", " '' "),
        R("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
        R("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "),
    ];

    private static readonly (Regex, string)[] Contractions =
    [
        R($"{B}(can)(not){B}", " $1 $2 ", OptI),
        R($"{B}(d)('ye){B}", " $1 $2 ", OptI),
        R($"{B}(gim)(me){B}", " $1 $2 ", OptI),
        R($"{B}(gon)(na){B}", " $1 $2 ", OptI),
        R($"{B}(got)(ta){B}", " $1 $2 ", OptI),
        R($"{B}(lem)(me){B}", " $1 $2 ", OptI),
        R($"{B}(more)('n){B}", " $1 $2 ", OptI),
        R($"{B}(wan)(na)(?={S})", " $1 $2 ", OptI),
        R($" ('t)(is){B}", " $1 $2 ", OptI),
        R($" ('t)(was){B}", " $1 $2 ", OptI),
    ];

    /// <summary>Tokenizes one text as a single line (no sentence splitting).</summary>
    public static List<string> Tokenize(string text)
    {
        foreach (var (re, rep) in StartingQuotes) text = re.Replace(text, rep);
        foreach (var (re, rep) in Punctuation) text = re.Replace(text, rep);
        text = " " + text + " ";
        foreach (var (re, rep) in EndingQuotes) text = re.Replace(text, rep);
        foreach (var (re, rep) in Contractions) text = re.Replace(text, rep);
        return PyText.Split(text);
    }
}
