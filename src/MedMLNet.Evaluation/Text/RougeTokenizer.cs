using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Text;

/// <summary>
/// Tokens for ROUGE (and, for Chinese, METEOR). English: rouge-score's default tokenizer — Python-lowercase,
/// every run outside [a-z0-9] becomes a space, split, Porter-stem tokens longer than 3 characters when asked,
/// keep tokens matching ^[a-z0-9]+$. Chinese: each CJK ideograph one token, runs of [a-z0-9] one token.
/// </summary>
public static class RougeTokenizer
{
    private static readonly Regex NonAlnum = new("[^a-z0-9]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex Valid = new("^[a-z0-9]+$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex ZhToken = new(
        "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[a-z0-9]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>rouge-score's <c>tokenize(text, stemmer)</c>.</summary>
    public static List<string> TokenizeEnglish(string text, bool stem)
    {
        text = NonAlnum.Replace(PyText.Lower(text), " ");
        var tokens = new List<string>();
        foreach (var raw in text.Split(' '))
        {
            var token = stem && raw.Length > 3 ? PorterStemmer.Stem(raw) : raw;
            if (Valid.IsMatch(token)) tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>Chinese tokens: <c>re.findall("[CJK]|[a-z0-9]+", text.lower())</c>.</summary>
    public static List<string> TokenizeChinese(string text) =>
        ZhToken.Matches(PyText.Lower(text)).Select(m => m.Value).ToList();

    /// <summary>Tokens for a language: "zh" → <see cref="TokenizeChinese"/>, anything else English.</summary>
    public static List<string> Tokenize(string text, string lang, bool stem) =>
        Language.IsChinese(lang) ? TokenizeChinese(text) : TokenizeEnglish(text, stem);
}
