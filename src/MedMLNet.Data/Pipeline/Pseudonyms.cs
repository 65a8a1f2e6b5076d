namespace MedMLNet.Data;

/// <summary>
/// Replaces record ids and conversation ids with pseudonyms in input order (<c>r000001</c>, <c>c000001</c>) when
/// redacting: source ids are often MRNs, encounter or patient numbers that no text pattern recognises. The same
/// conversation id always maps to the same pseudonym within a run, so group-aware splitting is unchanged; the
/// mapping is kept in memory only and never written.
/// </summary>
internal sealed class Pseudonyms
{
    private readonly Dictionary<string, string> conversations = new(StringComparer.Ordinal);
    private int records;

    public DialogueRecord Apply(DialogueRecord record) => record with
    {
        Id = $"r{++records:D6}",
        ConversationId = record.ConversationId is { Length: > 0 } c ? Conversation(c) : record.ConversationId,
    };

    private string Conversation(string id)
    {
        if (!conversations.TryGetValue(id, out var p)) conversations[id] = p = $"c{conversations.Count + 1:D6}";
        return p;
    }
}
