using System.Text.RegularExpressions;

namespace MedMLNet.Data.Readers;

/// <summary>Splits text that embeds speaker markers ("Patient: ...", "Doctor: ...", "患者：", "医生：") into turns.</summary>
internal static partial class InlineTurns
{
    [GeneratedRegex(@"(?<=^|[.!?。！？\s])(Patient|Doctor|患者|病人|医生)\s*[:：]\s*")]
    private static partial Regex Marker();

    /// <summary>The turns of <paramref name="text"/>; text before the first marker belongs to <paramref name="firstRole"/>.</summary>
    public static List<DialogueTurn> Split(string text, string firstRole)
    {
        var turns = new List<DialogueTurn>();
        var role = firstRole;
        var start = 0;
        foreach (Match m in Marker().Matches(text))
        {
            Add(turns, role, text[start..m.Index]);
            role = m.Groups[1].Value is "Patient" or "患者" or "病人" ? DialogueTurn.User : DialogueTurn.Assistant;
            start = m.Index + m.Length;
        }
        Add(turns, role, text[start..]);
        if (turns.Count == 0) turns.Add(new DialogueTurn(firstRole, text.Trim()));
        return turns;
    }

    private static void Add(List<DialogueTurn> turns, string role, string piece)
    {
        piece = piece.Trim();
        if (piece.Length == 0) return;
        if (turns.Count > 0 && turns[^1].Role == role) turns[^1] = turns[^1] with { Content = turns[^1].Content + "\n" + piece };
        else turns.Add(new DialogueTurn(role, piece));
    }
}
