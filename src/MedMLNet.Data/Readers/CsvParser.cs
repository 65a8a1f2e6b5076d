using System.Text;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Streaming RFC 4180 CSV/TSV parser: quoted fields with doubled quotes, delimiters and newlines (CRLF or LF)
/// inside quotes. Yields each row with the 1-based line number it starts on.
/// </summary>
internal static class CsvParser
{
    /// <summary>
    /// Throws when a (case-insensitively) repeated column name is in the header: which of the two a reader took would
    /// be arbitrary, so the file is refused. Empty names are not compared.
    /// </summary>
    public static void RejectRepeatedColumns(IReadOnlyList<string> header, string path)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in header)
            if (name.Length > 0 && !seen.Add(name))
                throw new InvalidDataException($"{path}:1: the column '{name}' appears twice in the header; rename or remove one.");
    }

    /// <summary>Rows of <paramref name="reader"/>; an unterminated quote at the end is an <see cref="InvalidDataException"/>.</summary>
    public static IEnumerable<(long Line, string[] Fields)> Parse(TextReader reader, char delimiter, string path, CancellationToken ct = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, rowLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var quotedField = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            if (ch == '"' && !fieldStarted)
            {
                inQuotes = quotedField = fieldStarted = true;
            }
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = quotedField = false;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                line++;
                if (fields.Count > 0 || fieldStarted || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return (rowLine, fields.ToArray());
                    ct.ThrowIfCancellationRequested();
                }
                fields.Clear();
                field.Clear();
                fieldStarted = quotedField = false;
                rowLine = line;
            }
            else
            {
                if (!quotedField) { field.Append(ch); fieldStarted = true; }
                else field.Append(ch); // text after a closing quote: keep it (lenient)
            }
        }
        if (inQuotes)
            throw new InvalidDataException($"{path}:{rowLine}: a quoted CSV field is never closed; close the quote (\") or remove the row.");
        if (fields.Count > 0 || fieldStarted || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (rowLine, fields.ToArray());
        }
    }
}
