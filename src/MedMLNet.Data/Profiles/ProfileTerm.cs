using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MedMLNet.Data.Profiles;

/// <summary>
/// Validates one short clinical term (an allergy, a medication, a condition) before it may enter a system prompt:
/// NFKC-normalised, whitespace collapsed, at most <see cref="MaxLength"/> characters of letters, digits, marks, spaces
/// and <c>- ' ( ) / . % +</c> only (so no newlines, control characters or chat-template lookalikes such as
/// <c>&lt;|eot_id|&gt;</c>, <c>[INST]</c>, <c>###</c>), no instruction words and no PHI (per <see cref="PhiRedactor"/>,
/// plus any run of 5+ digits, which would be an id or a phone number). Invalid terms are rejected, never silently kept.
/// </summary>
public static partial class ProfileTerm
{
    public const int MaxLength = 48;
    public const int MaxItems = 12;

    private static readonly PhiRedactor Redactor = new();
    // Whole English words (so "systemic lupus" stays valid) and Chinese substrings that never name a clinical term.
    private static readonly string[] ChineseInstructionWords = ["忽略", "无视", "指令", "助手", "扮演", "你是"];

    /// <summary>The cleaned term, or a <see cref="ProfileException"/> naming <paramref name="field"/>.</summary>
    public static string Clean(string field, string? raw)
    {
        if (raw is null) throw new ProfileException($"{field}: a term is null; remove it.");
        var text = raw.Normalize(NormalizationForm.FormKC);
        if (text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            throw new ProfileException($"{field}: \"{Preview(raw)}\" contains a line break or control character; give one short term per entry.");
        text = Spaces().Replace(text, " ").Trim();
        if (text.Length == 0) throw new ProfileException($"{field}: an entry is empty; remove it.");
        if (text.Length > MaxLength) throw new ProfileException($"{field}: \"{Preview(text)}\" is longer than {MaxLength} characters; use a short term.");
        var bad = text.FirstOrDefault(c => !Allowed(c));
        if (bad != default) throw new ProfileException($"{field}: \"{Preview(text)}\" contains '{bad}'; use letters, digits, spaces and - ' ( ) / . % + only.");
        var lower = text.ToLowerInvariant();
        var word = EnglishInstruction().Match(lower) is { Success: true } m ? m.Value : ChineseInstructionWords.FirstOrDefault(lower.Contains);
        if (word != null) throw new ProfileException($"{field}: \"{Preview(text)}\" reads like an instruction (\"{word}\"); give a clinical term only.");
        if (LongDigits().IsMatch(text) || Redactor.Detect(text).Count > 0)
            throw new ProfileException($"{field}: \"{Preview(text)}\" looks like personal information (a name, date, number or address); profiles hold clinical terms only.");
        return text;
    }

    /// <summary>Cleans a list: each term cleaned, case-insensitive duplicates dropped, sorted ordinally (deterministic).</summary>
    public static IReadOnlyList<string> CleanAll(string field, IEnumerable<string?>? raw)
    {
        var terms = (raw ?? []).Select(t => Clean(field, t)).ToList();
        var distinct = terms.GroupBy(t => t.ToLowerInvariant()).Select(g => g.Min(StringComparer.Ordinal)!)
            .OrderBy(t => t.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(t => t, StringComparer.Ordinal).ToArray();
        if (distinct.Length > MaxItems) throw new ProfileException($"{field}: {distinct.Length} entries; at most {MaxItems} are allowed.");
        return distinct;
    }

    private static bool Allowed(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber => true,
        _ => c is ' ' or '-' or '\'' or '(' or ')' or '/' or '.' or '%' or '+',
    };

    private static string Preview(string s) => s.Length <= 24 ? s.Replace("\n", "\\n").Replace("\r", "\\r") : s[..24].Replace("\n", "\\n").Replace("\r", "\\r") + "…";

    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"\b(ignore|disregard|instructions?|system|assistant|user|prompt|override|jailbreak|pretend|you are|act as)\b")]
    private static partial Regex EnglishInstruction();
    [GeneratedRegex(@"\d{5,}")] private static partial Regex LongDigits();
}
