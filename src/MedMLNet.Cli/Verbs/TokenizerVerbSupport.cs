using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MedMLNet.IO;

namespace MedMLNet.Cli.Verbs;

/// <summary>Options and JSONL plumbing shared by the tokenize, chat-template and train-tokenizer verbs.</summary>
internal static class TokenizerVerbSupport
{
    public static Option<string> TokenizerOption() => new("--tokenizer")
    {
        Description = "A Llama 3 checkpoint folder (tokenizer.json or original/tokenizer.model, with tokenizer_config.json), or its tokenizer.json.",
        Required = true,
    };

    public static Option<string> InputOption(string what) => new("--input") { Description = what, Required = true };

    public static Option<string> OutputOption(string what) => new("--output") { Description = what, Required = true };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON objects of a JSONL file with their line numbers; blank lines are skipped.</summary>
    public static IEnumerable<(int Line, JsonElement Record)> ReadJsonl(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file '{path}' does not exist.", path);
        var lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement record;
            try { record = JsonDocument.Parse(line).RootElement; }
            catch (JsonException e) { throw new InvalidDataException($"{path} line {lineNo} is not valid JSON ({e.Message}); write one JSON object a line.", e); }
            if (record.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path} line {lineNo} is not a JSON object; write one object a line.");
            yield return (lineNo, record);
        }
    }

    /// <summary>A string field of a record, or an InvalidDataException naming file, line and the expected shape.</summary>
    public static string RequireString(JsonElement record, string field, string path, int line, string shape) =>
        record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new InvalidDataException($"{path} line {line}: expected {shape} (field \"{field}\" must be a string).");

    /// <summary>Writes JSONL atomically: one object per item, written by <paramref name="write"/>.</summary>
    public static int WriteJsonl<T>(string path, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        var count = 0;
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, WriterOptions);
            foreach (var item in items)
            {
                write(w, item);
                w.Flush();
                w.Reset();
                stream.WriteByte((byte)'\n');
                count++;
            }
        });
        return count;
    }

    public static void WriteIds(Utf8JsonWriter w, string name, IEnumerable<int> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids) w.WriteNumberValue(id);
        w.WriteEndArray();
    }
}
