using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// MedQA JSONL: one <c>{"question", "answer", "options": {"A": ...}, "meta_info", "answer_idx": "C"}</c> a line.
/// A line without a question, options, or a valid answer index is malformed.
/// </summary>
public sealed class MedQaJsonlReader(string source = "MedQA") : IDialogueReader
{
    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        foreach (var (line, obj) in JsonLines.Objects(path, diagnostics, ct))
        {
            var question = obj.Str("question");
            var options = obj.Options("options");
            if (string.IsNullOrWhiteSpace(question)) { diagnostics.Malformed(path, line, "no \"question\""); continue; }
            if (options is not { Count: >= 2 }) { diagnostics.Malformed(path, line, "no \"options\" object with at least two options"); continue; }
            var index = obj.AnswerIndex("answer_idx", options.Count);
            if (index is null) { diagnostics.Malformed(path, line, "\"answer_idx\" is missing or not one of the option letters"); continue; }
            var meta = obj.Metadata("question", "answer", "answer_idx", "id");
            diagnostics.Read();
            yield return DialogueRecord.QuestionAnswer(obj.Str("id") ?? $"medqa-{line}", source, question, obj.Str("answer") ?? options[index.Value])
                with { Options = options, AnswerIndex = index, Metadata = meta };
        }
    }
}

/// <summary>JSONL plumbing shared by the line-oriented readers.</summary>
internal static class JsonLines
{
    /// <summary>Each non-blank line parsed as a JSON object; bad lines go to the diagnostics with their number.</summary>
    public static IEnumerable<(long Line, JsonElement Object)> Objects(string path, ReadDiagnostics diagnostics, CancellationToken ct)
    {
        foreach (var (line, text) in LineReader.ReadLines(path, ct))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement obj;
            try
            {
                using var doc = JsonDocument.Parse(text);
                obj = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                diagnostics.Malformed(path, line, $"malformed JSON: {e.Message.Split('\n')[0]}");
                continue;
            }
            if (obj.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Malformed(path, line, "the line is not a JSON object");
                continue;
            }
            if (JsonDuplicateKeys.Find(obj) is { } repeated)
            {
                diagnostics.Malformed(path, line, JsonDuplicateKeys.Reason(repeated));
                continue;
            }
            yield return (line, obj);
        }
    }
}
