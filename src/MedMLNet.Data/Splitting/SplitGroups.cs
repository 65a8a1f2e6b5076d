namespace MedMLNet.Data;

/// <summary>
/// Group keys that must not straddle splits: the normalized question ("q:" + hash of <see cref="TextKey"/>)
/// and, when known, the conversation ("conv:" + id). Records sharing either key are kept together.
/// </summary>
public static class SplitGroups
{
    /// <summary>The record's primary group: its conversation when known, else its normalized question.</summary>
    public static string KeyOf(DialogueRecord record) =>
        record.ConversationId is { Length: > 0 } c ? "conv:" + c : QuestionKey(record);

    /// <summary>"q:" and 16 hex digits of the normalized question's hash.</summary>
    public static string QuestionKey(DialogueRecord record) => "q:" + TextKey.StableHash(TextKey.Normalize(record.Question)).ToString("x16");

    /// <summary>Every key of the record (question, and conversation when known).</summary>
    public static IEnumerable<string> KeysOf(DialogueRecord record)
    {
        yield return QuestionKey(record);
        if (record.ConversationId is { Length: > 0 } c) yield return "conv:" + c;
    }
}
