using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MedMLNet.IO;

namespace MedMLNet.Data;

/// <summary>Counts from <see cref="JsonlRedaction.Run"/>.</summary>
/// <param name="Read">Lines read into records.</param>
/// <param name="Written">Lines written.</param>
/// <param name="Diagnostics">Malformed lines with their numbers.</param>
/// <param name="ByType">Redactions by type label (never the values).</param>
public sealed record JsonlRedactionReport(int Read, int Written, ReadDiagnostics Diagnostics, IReadOnlyDictionary<string, int> ByType);

/// <summary>
/// <c>medmlnet redact</c>: JSONL lines <c>{"text": ...}</c> become <c>{"text": redacted, "redactions": [{"type","start","end"}]}</c>
/// with offsets into the input text; other fields pass through. Malformed lines are counted with their numbers
/// (strict mode throws); an input with no records is an error. The output is written atomically.
/// </summary>
public static class JsonlRedaction
{
    /// <summary>Redacts <paramref name="input"/> into <paramref name="output"/>.</summary>
    public static JsonlRedactionReport Run(string input, string output, PhiRedactor? redactor = null, bool strict = false, CancellationToken ct = default)
    {
        if (!File.Exists(input)) throw new FileNotFoundException($"input '{input}' does not exist; check --input.", input);
        redactor ??= new PhiRedactor();
        var diagnostics = new ReadDiagnostics(strict, sanitize: s => redactor.Redact(s).Text);
        var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var written = 0;
        AtomicFile.Write(output, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, true) { NewLine = "\n" };
            foreach (var (line, obj) in Readers.JsonLines.Objects(input, diagnostics, ct))
            {
                if (!obj.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                {
                    diagnostics.Malformed(input, line, "no string \"text\" field");
                    continue;
                }
                diagnostics.Read();
                var result = redactor.Redact(t.GetString()!);
                foreach (var (type, n) in result.CountsByType) byType[type.Label()] = byType.GetValueOrDefault(type.Label()) + n;
                writer.WriteLine(ToJson(obj, result));
                written++;
            }
            // Thrown inside the atomic write: the temp file is dropped and an earlier output stays as it was.
            if (written == 0)
                throw new InvalidDataException($"{input}: no {{\"text\": ...}} lines to redact (malformed: {diagnostics.MalformedCount}); nothing written.");
        });
        return new JsonlRedactionReport(diagnostics.RecordsRead, written, diagnostics, byType);
    }

    private static string ToJson(JsonElement original, RedactionResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("text", result.Text);
            w.WriteStartArray("redactions");
            foreach (var s in result.Spans)
            {
                w.WriteStartObject();
                w.WriteString("type", s.Type.Label());
                w.WriteNumber("start", s.Start);
                w.WriteNumber("end", s.End);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            foreach (var p in original.EnumerateObject())
                if (p.Name is not ("text" or "redactions")) p.WriteTo(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
