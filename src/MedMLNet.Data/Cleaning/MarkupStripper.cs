using System.Net;
using System.Text.RegularExpressions;

namespace MedMLNet.Data.Cleaning;

/// <summary>
/// Decodes HTML entities (repeatedly, so MedQuAD's doubly-escaped "&amp;quot;" becomes a quote) and removes
/// HTML tags by name (so "BP &lt; 120" and "a &lt; b &gt; c" survive), dropping script/style content and
/// turning block tags into line breaks.
/// </summary>
internal static partial class MarkupStripper
{
    private const string Tags = "a|abbr|b|big|blockquote|body|br|caption|center|cite|code|dd|div|dl|dt|em|font|footer|form|h[1-6]|head|header|hr|html|i|img|input|label|li|link|meta|nav|ol|p|pre|s|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul";

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"</?(?:br|p|div|li|tr|h[1-6]|ul|ol|table|blockquote|hr)\b[^<>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"</?(?:" + Tags + @")\b(?:\s[^<>]*)?/?>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InlineTag();

    /// <summary>The text without markup; unchanged when it has none.</summary>
    public static string Strip(string text)
    {
        if (text.IndexOf('&') < 0 && text.IndexOf('<') < 0) return text;
        for (var i = 0; i < 3; i++)
        {
            var decoded = WebUtility.HtmlDecode(text);
            var stripped = InlineTag().Replace(BlockTag().Replace(ScriptOrStyle().Replace(decoded, " "), "\n"), "");
            if (stripped == text) break;
            text = stripped;
        }
        return text;
    }
}
