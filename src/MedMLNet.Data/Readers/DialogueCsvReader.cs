namespace MedMLNet.Data.Readers;

/// <summary>
/// Chinese medical dialogue CSV (Toyhom/Chinese-medical-dialogue-data): header <c>department,title,ask,answer</c>,
/// GB18030 or UTF-8 (detected), CRLF or LF. The user turn is <c>ask</c> (or <c>title</c> when ask is empty or "无");
/// department and title are kept as metadata.
/// </summary>
public sealed class DialogueCsvReader(string source = "Chinese-medical-dialogue-data") : IDialogueReader
{
    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        var encoding = TextEncodingDetector.Detect(path);
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        int dept = -1, title = -1, ask = -1, answer = -1;
        var header = true;
        foreach (var (line, fields) in CsvParser.Parse(reader, ',', path, ct))
        {
            if (header)
            {
                var names = fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
                CsvParser.RejectRepeatedColumns(names, path);
                (dept, title, ask, answer) = (names.IndexOf("department"), names.IndexOf("title"), names.IndexOf("ask"), names.IndexOf("answer"));
                if (ask < 0 || answer < 0)
                    throw new InvalidDataException($"{path}:1: expected a header with ask and answer columns (department,title,ask,answer), found '{string.Join(",", fields)}'; use --format csv with a column mapping for other layouts.");
                header = false;
                continue;
            }
            if (fields.Length <= Math.Max(ask, answer))
            {
                diagnostics.Malformed(path, line, $"expected {Math.Max(ask, answer) + 1} columns, found {fields.Length}");
                continue;
            }
            string Field(int i) => i >= 0 && i < fields.Length ? fields[i].Trim() : "";
            var question = Field(ask);
            if (question.Length == 0 || question == "无") question = Field(title);
            if (question.Length == 0) { diagnostics.Malformed(path, line, "empty ask and title"); continue; }
            var meta = new Dictionary<string, string>();
            if (Field(dept).Length > 0) meta["department"] = Field(dept);
            if (Field(title).Length > 0) meta["title"] = Field(title);
            diagnostics.Read();
            yield return DialogueRecord.QuestionAnswer($"{Path.GetFileNameWithoutExtension(path)}-{line}", source, question, Field(answer)) with { Metadata = meta };
        }
        if (header) throw new InvalidDataException($"{path}: the CSV is empty (no header line).");
    }
}
