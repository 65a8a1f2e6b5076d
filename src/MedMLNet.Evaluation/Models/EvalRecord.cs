using System.Text.Json;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Evaluation.Models;

/// <summary>
/// One test conversation: everything before the last assistant message is the prompt, that message the reference.
/// <paramref name="AnswerIdx"/> is the correct option's letter for multiple-choice records (the "answer_idx" field).
/// </summary>
public sealed record EvalRecord(string Id, string Source, IReadOnlyList<ChatMessage> Prompt, string Reference, string? AnswerIdx = null)
{
    /// <summary>"zh" when the reference or the question is Chinese, else "en".</summary>
    public string Lang => HasCjk(Reference) || HasCjk(Question) ? "zh" : "en";

    /// <summary>The last user message (what the patient asked).</summary>
    public string Question => Prompt.LastOrDefault(m => m.Role == ChatRoles.User)?.Content ?? "";

    private static bool HasCjk(string s) => s.Any(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>
    /// Reads chat JSONL (`{"messages": [...], "id", "source", "answer_idx"?}` as `medmlnet prepare` writes). A line
    /// that is not UTF-8 or not JSON, repeats a key, has no messages, a message without a string role, or no assistant
    /// message to score is an <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    public static List<EvalRecord> ReadJsonl(string path, int limit = 0)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"test data '{path}' not found (expected chat JSONL from `medmlnet prepare`).", path);
        var records = new List<EvalRecord>();
        foreach (var (lineNo, line) in StrictUtf8Lines.Read(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (limit > 0 && records.Count >= limit) break;
            try
            {
                using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
                var root = doc.RootElement;
                var messages = root.GetProperty("messages").EnumerateArray()
                    .Select(m => new ChatMessage(Role(m, path, lineNo), m.GetProperty("content").GetString() ?? "")).ToList();
                var last = messages.FindLastIndex(m => m.Role == ChatRoles.Assistant);
                if (last < 1) throw new InvalidDataException($"{path}:{lineNo}: no assistant answer after a prompt; every test record needs a reference answer.");
                records.Add(new EvalRecord(
                    root.TryGetProperty("id", out var id) ? id.GetString() ?? $"line{lineNo}" : $"line{lineNo}",
                    root.TryGetProperty("source", out var src) ? src.GetString() ?? "" : "",
                    messages.Take(last).ToList(), messages[last].Content,
                    root.TryGetProperty("answer_idx", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: malformed chat record ({e.Message}); each line must be {{\"messages\": [{{\"role\", \"content\"}}...]}}.");
            }
        }
        if (records.Count == 0) throw new InvalidDataException($"{path} holds no test records.");
        return records;
    }

    private static string Role(JsonElement message, string path, int lineNo) =>
        message.GetProperty("role").GetString() is { Length: > 0 } role ? role
            : throw new InvalidDataException($"{path}:{lineNo}: a message has a null or empty \"role\"; use system, user or assistant.");
}
