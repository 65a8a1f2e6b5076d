using System.Text.Encodings.Web;
using System.Text.Json;

namespace MedMLNet.Data;

/// <summary>A chat message: role "system", "user" or "assistant".</summary>
/// <param name="Role">Who speaks.</param>
/// <param name="Content">What is said.</param>
public sealed record ChatMessage(string Role, string Content);

/// <summary>
/// A training/evaluation example as written to JSONL:
/// <c>{"messages":[{"role","content"}...], "id", "source", "group", "answer_idx"?}</c>.
/// <see cref="Group"/> is the split group (records with one group never straddle splits);
/// <see cref="AnswerIdx"/> is the correct option letter for multiple-choice records.
/// </summary>
public sealed record ChatRecord(IReadOnlyList<ChatMessage> Messages, string Id, string Source, string Group, string? AnswerIdx = null)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One line of JSON (no trailing newline); non-ASCII text stays readable.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("messages");
            foreach (var m in Messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role);
                w.WriteString("content", m.Content);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("id", Id);
            w.WriteString("source", Source);
            w.WriteString("group", Group);
            if (AnswerIdx is not null) w.WriteString("answer_idx", AnswerIdx);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses a line written by <see cref="ToJson"/>.</summary>
    public static ChatRecord FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToArray();
        return new ChatRecord(messages, root.GetProperty("id").GetString()!, root.GetProperty("source").GetString()!,
            root.GetProperty("group").GetString()!, root.TryGetProperty("answer_idx", out var a) ? a.GetString() : null);
    }
}
