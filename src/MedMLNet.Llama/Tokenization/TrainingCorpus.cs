using System.Text;
using System.Text.Json;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Reads the documents a tokenizer is trained on. A .txt file is one document (its newlines included, so "\n" and
/// "\n\n" tokens are learned). A .jsonl file gives one document per record: the string values of the fields
/// text, title, question, answer, instruction, input, output and content (also inside nested objects and arrays,
/// such as "messages"), in record order, joined by "\n\n". Other fields (ids, sources, licences) are ignored, and so are
/// system messages (`{"role": "system"}`): one instruction repeated on every record is not corpus text.
/// </summary>
public static class TrainingCorpus
{
    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
        { "text", "title", "question", "answer", "instruction", "input", "output", "content" };

    /// <summary>The documents of <paramref name="path"/> (.txt or .jsonl).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A JSONL line is not a JSON object.</exception>
    public static IEnumerable<string> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus '{path}' does not exist: give a .txt or .jsonl file.", path);
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return [File.ReadAllText(path, Encoding.UTF8)];
        return ReadJsonl(path);
    }

    private static IEnumerable<string> ReadJsonl(string path)
    {
        var lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new InvalidDataException($"{path} line {lineNo} is not valid JSON ({e.Message}); a .jsonl corpus needs one JSON object a line.", e); }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{path} line {lineNo} is not a JSON object; a .jsonl corpus needs one object a line (e.g. {{\"text\": \"...\"}}).");
                var parts = new List<string>();
                Collect(doc.RootElement, parts);
                if (parts.Count > 0) yield return string.Join("\n\n", parts);
            }
        }
    }

    private static void Collect(JsonElement e, List<string> parts)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) Collect(x, parts);
        else if (e.ValueKind == JsonValueKind.Object && !IsSystemMessage(e))
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String) { if (TextFields.Contains(p.Name) && p.Value.GetString() is { Length: > 0 } s) parts.Add(s); }
                else Collect(p.Value, parts);
            }
    }

    private static bool IsSystemMessage(JsonElement e) =>
        e.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "system";
}
