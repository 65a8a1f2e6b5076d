namespace MedMLNet.Data;

/// <summary>Which cleaning steps run (each is optional and counted in the <see cref="CleaningReport"/>).</summary>
public sealed record CleaningOptions
{
    /// <summary>Decode HTML entities and remove HTML tags (script/style with their content).</summary>
    public bool StripMarkup { get; init; } = true;

    /// <summary>Unicode NFKC, except where it would change meaning (superscripts, fractions, full-width punctuation in Chinese).</summary>
    public bool NormalizeUnicode { get; init; } = true;

    /// <summary>Full-width punctuation → ASCII in Latin/number context ("BP：120／80" → "BP:120/80"); kept inside Chinese text.</summary>
    public bool HalfWidthPunctuation { get; init; } = true;

    /// <summary>Drop control and zero-width characters, unify line breaks, collapse runs of spaces and blank lines.</summary>
    public bool NormalizeWhitespace { get; init; } = true;

    /// <summary>Drop consultation boilerplate sentences (greetings, thanks, sign-offs) in English and Chinese.</summary>
    public bool RemoveBoilerplate { get; init; } = true;

    /// <summary>Minimum characters in the question (records below are removed); 0 disables.</summary>
    public int MinQuestionChars { get; init; } = 2;

    /// <summary>Minimum characters in the answer (records with an assistant turn below are removed); 0 disables.</summary>
    public int MinAnswerChars { get; init; } = 2;

    /// <summary>Maximum characters of all text of a record; 0 disables.</summary>
    public int MaxChars { get; init; } = 32_000;

    /// <summary>Languages kept ("en", "zh"); null keeps every language, including undetermined.</summary>
    public IReadOnlySet<string>? Languages { get; init; } = new HashSet<string> { "en", "zh" };

    /// <summary>Remove records whose normalized text repeats an earlier record's.</summary>
    public bool RemoveExactDuplicates { get; init; } = true;

    /// <summary>Remove records whose MinHash Jaccard similarity to an earlier record is at least <see cref="NearDuplicateThreshold"/>.</summary>
    public bool RemoveNearDuplicates { get; init; } = true;

    /// <summary>Jaccard threshold for near duplicates (character 5-gram shingles).</summary>
    public double NearDuplicateThreshold { get; init; } = 0.9;

    /// <summary>Everything off: records pass through untouched.</summary>
    public static CleaningOptions None { get; } = new()
    {
        StripMarkup = false, NormalizeUnicode = false, HalfWidthPunctuation = false, NormalizeWhitespace = false,
        RemoveBoilerplate = false, MinQuestionChars = 0, MinAnswerChars = 0, MaxChars = 0, Languages = null,
        RemoveExactDuplicates = false, RemoveNearDuplicates = false,
    };
}
