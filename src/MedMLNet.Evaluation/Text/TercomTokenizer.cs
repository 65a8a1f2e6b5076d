using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Text;

/// <summary>The options of sacrebleu's <c>TER(...)</c> / <c>TercomTokenizer(...)</c>, with their names and defaults (all off).</summary>
public sealed record TerOptions
{
    /// <summary>sacrebleu's defaults.</summary>
    public static readonly TerOptions Default = new();

    /// <summary>Tercom's normalisation: newlines, XML entities, punctuation split off, 's split (<c>normalized</c>).</summary>
    public bool Normalized { get; init; }

    /// <summary>Remove punctuation (<c>no_punct</c>).</summary>
    public bool NoPunct { get; init; }

    /// <summary>With normalisation, split CJK to characters; with no_punct, remove CJK and full-width punctuation (<c>asian_support</c>).</summary>
    public bool AsianSupport { get; init; }

    /// <summary>Do not lowercase (<c>case_sensitive</c>).</summary>
    public bool CaseSensitive { get; init; }
}

/// <summary>sacrebleu 2.6.0's <c>TercomTokenizer</c> (a port of Tercom's Normalizer.java), output as it gives it (space-joined).</summary>
public static class TercomTokenizer
{
    private const RegexOptions O = RegexOptions.Compiled | RegexOptions.CultureInvariant;
    private static readonly Regex Symbols = new(@"([\{-~\[-\x60\x20-&\(-\+:-@/])", O);
    private static readonly Regex PossessiveS = new("'s ", O), PossessiveEnd = new("'s$", O);
    private static readonly Regex PeriodAfterNonDigit = new(@"([^0-9])([\.,])", O), PeriodBeforeNonDigit = new(@"([\.,])([^0-9])", O), DashAfterDigit = new("([0-9])(-)", O);
    private static readonly Regex[] AsianChars =
    [
        new(@"([\u4e00-\u9fff\u3400-\u4dbf])", O),
        new(@"([\u31c0-\u31ef\u2e80-\u2eff])", O),
        new(@"([\u3300-\u33ff\uf900-\ufaff\ufe30-\ufe4f])", O),
        new(@"([\u3200-\u3f22])", O),
    ];
    private static readonly Regex[] KanaRuns =
    [
        new(@"(^|^[\u3040-\u309f])([\u3040-\u309f]+)(?=$|^[\u3040-\u309f])", O),
        new(@"(^|^[\u30a0-\u30ff])([\u30a0-\u30ff]+)(?=$|^[\u30a0-\u30ff])", O),
        new(@"(^|^[\u31f0-\u31ff])([\u31f0-\u31ff]+)(?=$|^[\u31f0-\u31ff])", O),
    ];
    private static readonly Regex AsianPunct = new(@"([\u3001\u3002\u3008-\u3011\u3014-\u301f\uff61-\uff65\u30fb])", O);
    private static readonly Regex FullWidthPunct = new(@"([\uff0e\uff0c\uff1f\uff1a\uff1b\uff01\uff02\uff08\uff09])", O);
    private static readonly Regex Punct = new(@"[\.,\?:;!""\(\)]", O);

    /// <summary>Tokenizes as <c>TercomTokenizer(**options)(sent)</c>.</summary>
    public static string Tokenize(string sent, TerOptions? options = null)
    {
        options ??= TerOptions.Default;
        if (sent.Length == 0) return "";
        if (!options.CaseSensitive) sent = PyText.Lower(sent);
        if (options.Normalized)
        {
            sent = NormalizeWestern(sent);
            if (options.AsianSupport) sent = NormalizeAsian(sent);
        }
        if (options.NoPunct)
        {
            sent = Punct.Replace(sent, "");
            if (options.AsianSupport) sent = FullWidthPunct.Replace(AsianPunct.Replace(sent, ""), "");
        }
        return string.Join(' ', PyText.Split(sent));
    }

    private static string NormalizeWestern(string sent)
    {
        sent = sent.Replace("\n-", "").Replace("\n", " ").Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        sent = $" {sent} ";
        sent = Symbols.Replace(sent, " $1 ");
        sent = PossessiveS.Replace(sent, " 's ");
        sent = PossessiveEnd.Replace(sent, " 's");
        sent = PeriodAfterNonDigit.Replace(sent, "$1 $2 ");
        sent = PeriodBeforeNonDigit.Replace(sent, " $1 $2");
        return DashAfterDigit.Replace(sent, "$1 $2 ");
    }

    private static string NormalizeAsian(string sent)
    {
        foreach (var re in AsianChars) sent = re.Replace(sent, " $1 ");
        foreach (var re in KanaRuns) sent = re.Replace(sent, "$1 $2 ");
        sent = AsianPunct.Replace(sent, " $1 ");
        return FullWidthPunct.Replace(sent, " $1 ");
    }
}
