namespace MedMLNet.Assistant;

/// <summary>The language the assistant answers in.</summary>
public enum ChatLanguage
{
    /// <summary>English.</summary>
    English,
    /// <summary>Chinese (简体/繁體).</summary>
    Chinese,
}

/// <summary>
/// Detects English or Chinese from the text's letters: Chinese when Han characters make up at least a third of them.
/// Control-token names typed into the text (<c>&lt;|eot_id|&gt;</c>, ...) are not counted: they are not the user's language.
/// </summary>
public static partial class ChatLanguageDetector
{
    [System.Text.RegularExpressions.GeneratedRegex(@"<\|[A-Za-z0-9_]+\|>")]
    private static partial System.Text.RegularExpressions.Regex ControlTokenName();

    /// <summary>The language of <paramref name="text"/>; <paramref name="fallback"/> when it has no letters (emoji, digits, empty).</summary>
    public static ChatLanguage Detect(string? text, ChatLanguage fallback = ChatLanguage.English)
    {
        int han = 0, other = 0;
        foreach (var rune in ControlTokenName().Replace(text ?? "", " ").EnumerateRunes())
        {
            if (IsHan(rune.Value)) han++;
            else if (System.Text.Rune.IsLetter(rune)) other++;
        }
        if (han == 0 && other == 0) return fallback;
        return han * 3 >= han + other ? ChatLanguage.Chinese : ChatLanguage.English;
    }

    private static bool IsHan(int c) => c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0xF900 and <= 0xFAFF);
}
