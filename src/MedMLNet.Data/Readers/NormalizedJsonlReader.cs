using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Normalized JSONL, one object a line: <c>{id, question, answer, source, ...}</c> (the datasets' data.jsonl:
/// extra fields such as context, options, answer_idx, conversation_id are understood, other scalars kept as
/// metadata), or chat records <c>{"messages":[{"role","content"}...], "id", "source", "group"}</c> as
/// <c>medmlnet prepare</c> writes them (so prepared files read back).
/// </summary>
public sealed class NormalizedJsonlReader(string? source = null) : IDialogueReader
{
    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        var defaultSource = source ?? Path.GetFileNameWithoutExtension(path);
        foreach (var (line, obj) in JsonLines.Objects(path, diagnostics, ct))
        {
            var id = obj.Str("id") ?? $"{Path.GetFileNameWithoutExtension(path)}-{line}";
            var recordSource = source ?? obj.Str("source") ?? defaultSource;
            DialogueRecord? record = obj.TryGetProperty("messages", out var messages)
                ? FromMessages(messages, id, recordSource, obj)
                : FromPair(obj, id, recordSource);
            if (record is null)
            {
                diagnostics.Malformed(path, line, "expected \"question\" (and \"answer\") or a non-empty \"messages\" array");
                continue;
            }
            diagnostics.Read();
            yield return record;
        }
    }

    private static DialogueRecord? FromPair(JsonElement obj, string id, string source)
    {
        var question = obj.Str("question");
        if (string.IsNullOrWhiteSpace(question)) return null;
        var options = obj.Options("options");
        var index = options is null ? null : obj.AnswerIndex("answer_idx", options.Count);
        return DialogueRecord.QuestionAnswer(id, source, question, obj.Str("answer") ?? "") with
        {
            Context = obj.Str("context"),
            Options = index is null ? null : options,
            AnswerIndex = index,
            ConversationId = obj.Str("conversation_id") ?? obj.Str("group"),
            Metadata = obj.Metadata("id", "question", "answer", "source", "context", "answer_idx", "conversation_id", "group"),
        };
    }

    private static DialogueRecord? FromMessages(JsonElement messages, string id, string source, JsonElement obj)
    {
        if (messages.ValueKind != JsonValueKind.Array) return null;
        var turns = new List<DialogueTurn>();
        foreach (var m in messages.EnumerateArray())
        {
            var role = m.Str("role");
            var content = m.Str("content") ?? "";
            if (role == "system") continue;
            var speaker = role is null ? null : GenericCsvReader.NormalizeRole(role);
            if (speaker is null) return null;
            turns.Add(new DialogueTurn(speaker, content));
        }
        if (turns.Count == 0) return null;
        return new DialogueRecord
        {
            Id = id,
            Source = source,
            Turns = turns,
            ConversationId = obj.Str("group"),
            Metadata = obj.Metadata("id", "source", "group"),
        };
    }
}
