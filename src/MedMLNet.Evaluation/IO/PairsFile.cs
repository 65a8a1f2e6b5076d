using System.Text.Json;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.IO;

/// <summary>
/// Reads PAIRS.jsonl for <c>medmlnet metrics</c>: one object a line,
/// <c>{"id", "hypothesis", "references": [...], "lang": "en"|"zh"}</c> (lang optional, default en; blank lines skipped).
/// </summary>
public static class PairsFile
{
    /// <summary>Reads and validates every line.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not valid (the message names file, line and fix).</exception>
    public static List<EvalItem> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file '{path}' does not exist: pass --input PAIRS.jsonl with one {{\"id\",\"hypothesis\",\"references\":[...],\"lang\"}} object a line.", path);
        var items = new List<EvalItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string Where() => $"{path}:{lineNo}";
            JsonElement e;
            try { e = JsonDocument.Parse(line, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement; }
            catch (JsonException ex) { throw new InvalidDataException($"{Where()}: not valid JSON ({ex.Message}); each line must be one JSON object.", ex); }
            if (e.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Where()}: expected a JSON object a line.");
            var id = e.TryGetProperty("id", out var idEl) ? idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString()!,
                JsonValueKind.Number => idEl.GetRawText(),
                _ => throw new InvalidDataException($"{Where()}: \"id\" must be a string or number."),
            } : throw new InvalidDataException($"{Where()}: missing \"id\".");
            if (!ids.Add(id)) throw new InvalidDataException($"{Where()}: duplicate id '{id}'; ids must be unique.");
            if (!e.TryGetProperty("hypothesis", out var h) || h.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{Where()}: \"hypothesis\" must be a string (use \"\" for an empty answer).");
            if (!e.TryGetProperty("references", out var r) || r.ValueKind != JsonValueKind.Array || r.GetArrayLength() == 0
                || r.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                throw new InvalidDataException($"{Where()}: \"references\" must be a non-empty array of strings.");
            var lang = Language.English;
            if (e.TryGetProperty("lang", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                var s = l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
                if (!s.Equals("en", StringComparison.OrdinalIgnoreCase) && !Language.IsChinese(s))
                    throw new InvalidDataException($"{Where()}: \"lang\" must be \"en\" or \"zh\", not '{l.GetRawText()}'.");
                lang = Language.Normalize(s);
            }
            items.Add(new EvalItem(id, h.GetString()!, r.EnumerateArray().Select(x => x.GetString()!).ToList(), lang));
        }
        return items;
    }
}
