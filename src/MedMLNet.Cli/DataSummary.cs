using MedMLNet.Data;

namespace MedMLNet.Cli;

/// <summary>One-paragraph console summaries of the data verbs (counts only, never record text).</summary>
internal static class DataSummary
{
    public static string Prepare(PrepareReport r, string output)
    {
        var lines = new List<string>
        {
            $"prepare: {r.Read.RecordsRead} records read ({r.Format}), {r.Read.MalformedCount} malformed, {r.Cleaning.RecordsOut} kept after cleaning",
            $"  removed: {Join(r.Cleaning.Removed)}",
            $"  redactions: {(r.Redacted ? Join(r.RedactionsByType) : "off")}",
            $"  splits: train {r.Splits["train"]}, validation {r.Splits["validation"]}, test {r.Splits["test"]} ({r.Groups} groups) → {output}",
        };
        lines.AddRange(r.Read.Issues.Take(5).Select(i => $"  malformed {i.Path}:{i.Line}: {i.Reason}"));
        lines.AddRange(r.Warnings.Select(w => "  warning: " + w));
        return string.Join(Environment.NewLine, lines);
    }

    public static string Redact(JsonlRedactionReport r, string output)
    {
        var lines = new List<string> { $"redact: {r.Written} lines → {output}, {r.Diagnostics.MalformedCount} malformed; redactions: {Join(r.ByType)}" };
        lines.AddRange(r.Diagnostics.Issues.Take(5).Select(i => $"  malformed {i.Path}:{i.Line}: {i.Reason}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Join(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var parts = counts.Select(kv => $"{kv.Key} {kv.Value}").ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
