using System.Text.Encodings.Web;
using System.Text.Json;

namespace MedMLNet.Data;

/// <summary>What <see cref="PreparePipeline.Run"/> did, written as report.json: counts per step, malformed lines, redactions by type (never values), duplicates, split sizes.</summary>
public sealed class PrepareReport
{
    /// <summary>The input path.</summary>
    public string Input { get; init; } = "";

    /// <summary>The format used (CLI name).</summary>
    public string Format { get; init; } = "";

    /// <summary>Records read and malformed records (with line numbers).</summary>
    public required ReadDiagnostics Read { get; init; }

    /// <summary>Cleaning counts.</summary>
    public required CleaningReport Cleaning { get; init; }

    /// <summary>Whether redaction ran.</summary>
    public bool Redacted { get; set; }

    /// <summary>Records in which redaction replaced something.</summary>
    public int RecordsRedacted { get; set; }

    /// <summary>Redactions by type.</summary>
    public SortedDictionary<string, int> RedactionsByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Records per split.</summary>
    public SortedDictionary<string, int> Splits { get; } = new(StringComparer.Ordinal) { ["train"] = 0, ["validation"] = 0, ["test"] = 0 };

    /// <summary>Records per source per split.</summary>
    public SortedDictionary<string, SortedDictionary<string, int>> SplitsBySource { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct split groups.</summary>
    public int Groups { get; set; }

    /// <summary>Records written in all.</summary>
    public int RecordsWritten => Splits.Values.Sum();

    /// <summary>Non-fatal problems worth a look (e.g. an empty split).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The report as indented JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("input", Input);
            w.WriteString("format", Format);
            w.WriteStartArray("steps");
            Step(w, "read", Read.RecordsRead + Read.MalformedCount, Read.RecordsRead);
            Step(w, "clean", Cleaning.RecordsIn, Cleaning.RecordsOut);
            Step(w, "redact", Cleaning.RecordsOut, Cleaning.RecordsOut);
            Step(w, "split", Cleaning.RecordsOut, RecordsWritten);
            w.WriteEndArray();
            w.WriteStartObject("read");
            w.WriteNumber("records", Read.RecordsRead);
            w.WriteNumber("malformed", Read.MalformedCount);
            w.WriteStartArray("malformed_lines");
            foreach (var issue in Read.Issues)
            {
                w.WriteStartObject();
                w.WriteString("file", issue.Path);
                w.WriteNumber("line", issue.Line);
                w.WriteString("reason", issue.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("cleaning");
            w.WriteNumber("records_in", Cleaning.RecordsIn);
            w.WriteNumber("records_out", Cleaning.RecordsOut);
            Map(w, "modified", Cleaning.Modified);
            Map(w, "removed", Cleaning.Removed);
            Map(w, "languages", Cleaning.Languages);
            w.WriteEndObject();
            w.WriteStartObject("duplicates");
            w.WriteNumber("exact", Cleaning.Removed.GetValueOrDefault(CleaningReport.ExactDuplicate));
            w.WriteNumber("near", Cleaning.Removed.GetValueOrDefault(CleaningReport.NearDuplicate));
            w.WriteEndObject();
            w.WriteStartObject("redaction");
            w.WriteBoolean("enabled", Redacted);
            w.WriteNumber("records_changed", RecordsRedacted);
            Map(w, "by_type", RedactionsByType);
            w.WriteEndObject();
            Map(w, "splits", Splits);
            w.WriteStartObject("splits_by_source");
            foreach (var (source, counts) in SplitsBySource) Map(w, source, counts);
            w.WriteEndObject();
            w.WriteNumber("groups", Groups);
            w.WriteStartArray("warnings");
            foreach (var warning in Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Step(Utf8JsonWriter w, string name, int input, int output)
    {
        w.WriteStartObject();
        w.WriteString("step", name);
        w.WriteNumber("in", input);
        w.WriteNumber("out", output);
        w.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, int>> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
