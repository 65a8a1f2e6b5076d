using MedMLNet.Data.Cleaning;

namespace MedMLNet.Data;

/// <summary>
/// Text-level cleaning in a fixed order — markup, NFKC (where safe), full-width punctuation, whitespace,
/// boilerplate — each step switched by <see cref="CleaningOptions"/>. Idempotent: cleaning a cleaned text
/// changes nothing (the steps are re-applied until the text is stable).
/// </summary>
public sealed class TextCleaner(CleaningOptions? options = null)
{
    /// <summary>Step names as they appear in reports.</summary>
    public const string Markup = "markup", Unicode = "unicode_nfkc", HalfWidth = "halfwidth_punctuation", Whitespace = "whitespace", Boilerplate = "boilerplate";

    /// <summary>The options in force.</summary>
    public CleaningOptions Options { get; } = options ?? new CleaningOptions();

    /// <summary>The cleaned text.</summary>
    public string Clean(string text) => Clean(text, null);

    /// <summary>The cleaned text; adds to <paramref name="changedBy"/> the names of the steps that changed it.</summary>
    public string Clean(string text, ISet<string>? changedBy)
    {
        for (var pass = 0; pass < 4; pass++)
        {
            var next = Pass(text, changedBy);
            if (next == text) break;
            text = next;
        }
        return text;
    }

    private string Pass(string text, ISet<string>? changedBy)
    {
        text = Step(text, Options.StripMarkup, MarkupStripper.Strip, Markup, changedBy);
        text = Step(text, Options.NormalizeUnicode, UnicodeCleaner.Nfkc, Unicode, changedBy);
        text = Step(text, Options.HalfWidthPunctuation, UnicodeCleaner.HalfWidthPunctuation, HalfWidth, changedBy);
        text = Step(text, Options.NormalizeWhitespace, WhitespaceCleaner.Normalize, Whitespace, changedBy);
        text = Step(text, Options.RemoveBoilerplate, t => BoilerplateRemover.Remove(t, out _), Boilerplate, changedBy);
        if (Options.NormalizeWhitespace && Options.RemoveBoilerplate) text = WhitespaceCleaner.Normalize(text);
        return text;
    }

    private static string Step(string text, bool enabled, Func<string, string> step, string name, ISet<string>? changedBy)
    {
        if (!enabled) return text;
        var result = step(text);
        if (changedBy is not null && !ReferenceEquals(result, text) && result != text) changedBy.Add(name);
        return result;
    }
}
