namespace MedMLNet.Evaluation.WordNet;

/// <summary>WordNet parts of speech, in the order NLTK's <c>synsets(word)</c> visits them.</summary>
public enum WordNetPos
{
    /// <summary>n</summary>
    Noun,
    /// <summary>v</summary>
    Verb,
    /// <summary>a (adjective satellites 's' are found through 'a')</summary>
    Adjective,
    /// <summary>r</summary>
    Adverb,
}

/// <summary>One synset: its part of speech as the data file says ('n','v','a','s','r'), byte offset and lemma names.</summary>
/// <param name="Pos">ss_type from the data line.</param>
/// <param name="Offset">Byte offset in data.{pos}.</param>
/// <param name="LemmaNames">Lemma names as stored (case kept, syntactic markers like "(p)" removed).</param>
public sealed record WordNetSynset(char Pos, long Offset, IReadOnlyList<string> LemmaNames);

internal static class WordNetPosInfo
{
    public static readonly WordNetPos[] All = [WordNetPos.Noun, WordNetPos.Verb, WordNetPos.Adjective, WordNetPos.Adverb];

    public static string FileSuffix(WordNetPos pos) => pos switch
    {
        WordNetPos.Noun => "noun", WordNetPos.Verb => "verb", WordNetPos.Adjective => "adj", _ => "adv",
    };

    public static WordNetPos? FromTag(string tag) => tag switch
    {
        "n" => WordNetPos.Noun, "v" => WordNetPos.Verb, "a" => WordNetPos.Adjective, "r" => WordNetPos.Adverb, _ => null,
    };

    /// <summary>NLTK's MORPHOLOGICAL_SUBSTITUTIONS (detachment rules), in order.</summary>
    public static (string Old, string New)[] Substitutions(WordNetPos pos) => pos switch
    {
        WordNetPos.Noun =>
        [
            ("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
            ("men", "man"), ("ies", "y"),
        ],
        WordNetPos.Verb =>
            [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        WordNetPos.Adjective => [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        _ => [],
    };
}
