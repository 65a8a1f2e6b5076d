namespace MedMLNet.Data;

/// <summary>
/// Script-and-stopword language identification for the languages this library serves: "zh" when Han characters
/// make up at least 30% of the letters, "en" when Latin letters dominate and either the text is short (under
/// 4 words) or at least 8% of its words are common English function words, otherwise "und".
/// </summary>
public static class LanguageDetector
{
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "and", "or", "to", "in", "is", "are", "was", "were", "be", "for", "on", "with", "that", "this",
        "it", "i", "you", "my", "your", "have", "has", "had", "what", "how", "can", "do", "does", "not", "no", "at", "by", "from",
        "as", "if", "but", "should", "will", "may", "me", "he", "she", "they", "we", "there", "which", "who", "when", "why", "am",
    };

    /// <summary>"en", "zh" or "und".</summary>
    public static string Detect(string text)
    {
        int han = 0, latin = 0, other = 0;
        foreach (var c in text)
        {
            if (c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF')) han++;
            else if (char.IsAsciiLetter(c)) latin++;
            else if (char.IsLetter(c)) other++;
        }
        var letters = han + latin + other;
        if (letters == 0) return "und";
        if (han >= 0.3 * letters) return "zh";
        if (latin < 0.6 * letters) return "und";
        var words = text.Split([' ', '\n', '\t', ',', '.', '?', '!', ';', ':', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4) return "en";
        var hits = words.Count(EnglishWords.Contains);
        return hits >= 0.08 * words.Length ? "en" : "und";
    }
}
