using System.Text.Json;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli;

/// <summary>Reads `{"messages": [{"role","content"}...]}` lines; a malformed line is an error naming file and line.</summary>
internal static class ChatJsonl
{
    public static List<IReadOnlyList<ChatMessage>> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found (expected JSONL chat records from `medmlnet prepare`).", path);
        var result = new List<IReadOnlyList<ChatMessage>>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
                if (!doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
                    throw new InvalidDataException($"{path}:{lineNo}: no \"messages\" array; each line must be {{\"messages\": [{{\"role\", \"content\"}}...]}}.");
                result.Add(messages.EnumerateArray().Select(m => new ChatMessage(
                    m.GetProperty("role").GetString() ?? throw new InvalidDataException($"{path}:{lineNo}: a message has no role."),
                    m.GetProperty("content").GetString() ?? "")).ToList());
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: malformed chat record ({e.Message}). Fix or remove the line.");
            }
        }
        if (result.Count == 0) throw new InvalidDataException($"{path} holds no chat records.");
        return result;
    }
}
