using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// ChatDoctor / Alpaca records <c>{instruction, input, output}</c> as a JSON array (streamed) or JSONL.
/// The user turn is <c>input</c> (prefixed by <c>instruction</c> unless that is ChatDoctor's generic
/// "If you are a doctor, ..." preamble, which is kept as metadata); inline "Patient:" / "Doctor:" follow-ups
/// in <c>output</c> become separate turns.
/// </summary>
public sealed class AlpacaReader(string source = "ChatDoctor") : IDialogueReader
{
    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        var items = FirstChar(path) == '['
            ? ReadArray(path, diagnostics, ct)
            : JsonLines.Objects(path, diagnostics, ct).Select(x => (x.Line, x.Object));
        foreach (var (line, obj) in items)
        {
            var record = ToRecord(obj, line, path, diagnostics);
            if (record is null) continue;
            diagnostics.Read();
            yield return record;
        }
    }

    private DialogueRecord? ToRecord(JsonElement obj, long line, string path, ReadDiagnostics diagnostics)
    {
        if (obj.ValueKind != JsonValueKind.Object) { diagnostics.Malformed(path, line, "the item is not a JSON object"); return null; }
        var instruction = obj.Str("instruction") ?? "";
        var input = obj.Str("input") ?? "";
        var output = obj.Str("output");
        if (output is null) { diagnostics.Malformed(path, line, "no \"output\""); return null; }
        var meta = obj.Metadata("instruction", "input", "output", "id");
        string user;
        if (input.Length == 0) user = instruction;
        else if (IsGenericPreamble(instruction)) { user = input; meta["instruction"] = instruction; }
        else user = instruction.Length == 0 ? input : instruction + "\n\n" + input;
        if (string.IsNullOrWhiteSpace(user)) { diagnostics.Malformed(path, line, "no \"instruction\" or \"input\""); return null; }
        var turns = new List<DialogueTurn> { new(DialogueTurn.User, user) };
        turns.AddRange(InlineTurns.Split(output, DialogueTurn.Assistant));
        return new DialogueRecord { Id = obj.Str("id") ?? $"{Path.GetFileNameWithoutExtension(path)}-{line}", Source = source, Turns = turns, Metadata = meta };
    }

    private static bool IsGenericPreamble(string instruction) =>
        instruction.StartsWith("If you are a doctor", StringComparison.OrdinalIgnoreCase);

    /// <summary>The array's items by index ("line" is the array index for JSON arrays); an item repeating a key is malformed, as in <see cref="JsonLines"/>.</summary>
    private static IEnumerable<(long, JsonElement)> ReadArray(string path, ReadDiagnostics diagnostics, CancellationToken ct)
    {
        using var stream = File.OpenRead(path);
        long index = 0;
        foreach (var (_, value) in JsonStream.ReadTopLevel(stream, path, ct))
        {
            var at = index++;
            if (JsonDuplicateKeys.Find(value) is { } repeated) { diagnostics.Malformed(path, at, JsonDuplicateKeys.Reason(repeated)); continue; }
            yield return (at, value);
        }
    }

    internal static char FirstChar(string path)
    {
        using var reader = new StreamReader(path, LineReader.StrictUtf8, true);
        int c;
        while ((c = reader.Read()) != -1)
            if (!char.IsWhiteSpace((char)c)) return (char)c;
        return '\0';
    }
}
