using System.Text;

namespace MedMLNet.Data.Cleaning;

/// <summary>Removes control and zero-width characters, unifies line breaks, collapses spaces and blank lines, trims.</summary>
internal static class WhitespaceCleaner
{
    /// <summary>The normalized text.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var newlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r') { if (i + 1 < text.Length && text[i + 1] == '\n') continue; c = '\n'; }
            if (c is '\n' or '\u2028' or '\u2029' or '\u0085') { newlines++; pendingSpace = false; continue; }
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD') continue;
            if (char.IsWhiteSpace(c)) { pendingSpace = true; continue; }
            if (char.IsControl(c)) { pendingSpace = true; continue; }
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                || char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]))) continue; // unpaired surrogate
            if (sb.Length > 0)
            {
                if (newlines > 0) sb.Append(newlines >= 2 ? "\n\n" : "\n");
                else if (pendingSpace) sb.Append(' ');
            }
            newlines = 0;
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
