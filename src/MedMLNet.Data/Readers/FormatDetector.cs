using System.Text;
using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Guesses a <see cref="DatasetFormat"/> from a path: folders of .xml are MedQuAD; .xml files MedQuAD; CSV/TSV
/// by header (department,title,ask,answer → dialogue CSV; ROW_ID…TEXT → MIMIC; else generic); JSON by shape
/// (top-level object of QUESTION records → PubMedQA; array or lines of instruction/output → ChatDoctor; lines with
/// options + answer_idx → MedQA; other lines → normalized JSONL). Reads at most the first 64 KiB.
/// </summary>
public static class FormatDetector
{
    /// <summary>The detected format; throws <see cref="InvalidDataException"/> when nothing fits.</summary>
    public static DatasetFormat Detect(string path)
    {
        if (Directory.Exists(path))
        {
            if (Directory.EnumerateFiles(path, "*.xml", SearchOption.AllDirectories).Any()) return DatasetFormat.MedQuad;
            throw new InvalidDataException($"{path}: a folder input must hold MedQuAD .xml files; point --input at a file for other formats.");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"input '{path}' does not exist; check --input.", path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".xml") return DatasetFormat.MedQuad;
        if (ext is ".csv" or ".tsv" or ".txt") return DetectCsv(path);
        return DetectJson(path);
    }

    private static DatasetFormat DetectCsv(string path)
    {
        using var reader = new StreamReader(path, TextEncodingDetector.Detect(path), false);
        var header = (reader.ReadLine() ?? "").TrimStart('\uFEFF').ToLowerInvariant().Replace("\"", "");
        var cols = header.Split(',', '\t').Select(c => c.Trim()).ToHashSet();
        if (cols.Contains("ask") && cols.Contains("answer")) return DatasetFormat.DialogueCsv;
        if (cols.Contains("row_id") && cols.Contains("subject_id") && cols.Contains("text")) return DatasetFormat.MimicNotes;
        return DatasetFormat.Csv;
    }

    private static DatasetFormat DetectJson(string path)
    {
        var head = ReadHead(path);
        var trimmed = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0) throw new InvalidDataException($"{path}: the file is empty; nothing to read.");
        if (trimmed[0] == '[') return DatasetFormat.ChatDoctor;
        if (trimmed[0] != '{')
            throw new InvalidDataException(head.StartsWith('\uFFFD') || head.Contains('\0')
                ? $"{path}: not UTF-8 text ({TextEncodingDetector.Describe(path)}); re-encode it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)."
                : $"{path}: not JSON, JSONL, CSV or XML; give --format explicitly.");
        var firstLine = trimmed.Split('\n', 2)[0].Trim();
        JsonElement first;
        try
        {
            using var doc = JsonDocument.Parse(firstLine);
            first = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not one object a line: a pretty-printed object, i.e. PubMedQA's pmid → record map.
            return trimmed.Contains("\"QUESTION\"", StringComparison.Ordinal) ? DatasetFormat.PubMedQa
                : throw new InvalidDataException($"{path}: a JSON object that is not PubMedQA (pmid → {{QUESTION,...}}) and not JSONL; give --format explicitly.");
        }
        bool Has(string name) => first.TryGetProperty(name, out _);
        if (first.EnumerateObject().FirstOrDefault().Value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("QUESTION", out _))
            return DatasetFormat.PubMedQa;
        if (Has("options") && Has("answer_idx") && Has("question") && Has("meta_info")) return DatasetFormat.MedQa;
        if (Has("instruction") && Has("output")) return DatasetFormat.ChatDoctor;
        return DatasetFormat.Jsonl;
    }

    private static string ReadHead(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
