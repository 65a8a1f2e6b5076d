using System.Text;

namespace MedMLNet.Evaluation.Review;

/// <summary>RFC 4180 CSV: quoted fields with embedded commas, quotes and newlines; a UTF-8 BOM is ignored on read.</summary>
public static class Csv
{
    /// <summary>One CSV line (no trailing newline), quoting where needed.</summary>
    public static string FormatRow(IEnumerable<string?> fields) => string.Join(',', fields.Select(Quote));

    private static string Quote(string? f)
    {
        f ??= "";
        return f.IndexOfAny([',', '"', '\n', '\r']) >= 0 || f.StartsWith(' ') || f.EndsWith(' ') ? "\"" + f.Replace("\"", "\"\"") + "\"" : f;
    }

    /// <summary>Parses CSV text into rows of fields, with the 1-based line each row starts on.</summary>
    /// <exception cref="InvalidDataException">A quoted field never closes.</exception>
    public static List<(int Line, List<string> Fields)> Parse(string text, string sourceName = "CSV")
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, rowStart = 1, i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) rows.Add((rowStart, fields));
                    fields = [];
                    line++;
                    rowStart = line;
                    break;
                default: field.Append(c); break;
            }
            i++;
        }
        if (quoted) throw new InvalidDataException($"{sourceName}: a quoted field starting on line {rowStart} never closes; save the sheet as CSV again.");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            if (fields.Count > 1 || fields[0].Length > 0) rows.Add((rowStart, fields));
        }
        return rows;
    }
}
