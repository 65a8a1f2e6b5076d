namespace MedMLNet.Data.Readers;

/// <summary>
/// Generic CSV/TSV with a header and a <see cref="ColumnMapping"/>: question/answer pairs, or one utterance a
/// row grouped into multi-turn records by conversation id. Encoding is detected (UTF-8 or GB18030).
/// </summary>
public sealed class GenericCsvReader(ColumnMapping? mapping = null, string? source = null) : IDialogueReader
{
    private readonly ColumnMapping map = mapping ?? new ColumnMapping();

    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        var delimiter = map.Delimiter ?? (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var defaultSource = source ?? Path.GetFileNameWithoutExtension(path);
        using var reader = new StreamReader(path, TextEncodingDetector.Detect(path), false, 1 << 16);
        var rows = CsvParser.Parse(reader, delimiter, path, ct).GetEnumerator();
        if (!rows.MoveNext()) throw new InvalidDataException($"{path}: the file is empty (no header line).");
        var header = rows.Current.Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
        CsvParser.RejectRepeatedColumns(header, path);
        int Col(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var (q, a, id, src) = (Col(map.Question), Col(map.Answer), Col(map.Id), Col(map.Source));
        var (conv, role, text) = (Col(map.Conversation), Col(map.Role), Col(map.Text));
        var perTurn = conv >= 0 && role >= 0 && text >= 0;
        if (!perTurn && (q < 0 || a < 0))
            throw new InvalidDataException($"{path}:1: no '{map.Question}' and '{map.Answer}' columns (nor '{map.Conversation}', '{map.Role}', '{map.Text}') in header '{string.Join(delimiter, header)}'; give a column mapping, e.g. question=Q,answer=A.");
        var records = perTurn ? Turns(rows, conv, role, text, src, defaultSource, path, diagnostics) : Pairs(rows, q, a, id, src, defaultSource, path, diagnostics);
        foreach (var r in records)
        {
            diagnostics.Read();
            yield return r;
        }
    }

    private static string At(string[] f, int i) => i >= 0 && i < f.Length ? f[i].Trim() : "";

    private static IEnumerable<DialogueRecord> Pairs(IEnumerator<(long Line, string[] Fields)> rows, int q, int a, int id, int src,
        string defaultSource, string path, ReadDiagnostics diagnostics)
    {
        while (rows.MoveNext())
        {
            var (line, f) = rows.Current;
            if (f.Length <= Math.Max(q, a)) { diagnostics.Malformed(path, line, $"expected at least {Math.Max(q, a) + 1} columns, found {f.Length}"); continue; }
            if (At(f, q).Length == 0) { diagnostics.Malformed(path, line, "empty question"); continue; }
            var recordId = At(f, id) is { Length: > 0 } s ? s : $"{Path.GetFileNameWithoutExtension(path)}-{line}";
            yield return DialogueRecord.QuestionAnswer(recordId, At(f, src) is { Length: > 0 } so ? so : defaultSource, At(f, q), At(f, a));
        }
    }

    private static IEnumerable<DialogueRecord> Turns(IEnumerator<(long Line, string[] Fields)> rows, int conv, int role, int text, int src,
        string defaultSource, string path, ReadDiagnostics diagnostics)
    {
        string? current = null, currentSource = null;
        var turns = new List<DialogueTurn>();
        while (rows.MoveNext())
        {
            var (line, f) = rows.Current;
            if (f.Length <= Math.Max(conv, Math.Max(role, text))) { diagnostics.Malformed(path, line, "too few columns"); continue; }
            var speaker = NormalizeRole(At(f, role));
            if (speaker is null) { diagnostics.Malformed(path, line, "unknown role (use patient/user or doctor/assistant)", At(f, role)); continue; }
            if (At(f, conv) != current && turns.Count > 0)
            {
                yield return Build(current!, currentSource!, turns);
                turns = [];
            }
            current = At(f, conv);
            currentSource = At(f, src) is { Length: > 0 } s ? s : defaultSource;
            if (turns.Count > 0 && turns[^1].Role == speaker) turns[^1] = turns[^1] with { Content = turns[^1].Content + "\n" + At(f, text) };
            else turns.Add(new DialogueTurn(speaker, At(f, text)));
        }
        if (turns.Count > 0) yield return Build(current!, currentSource!, turns);
    }

    private static DialogueRecord Build(string conversation, string source, List<DialogueTurn> turns) =>
        new() { Id = conversation, Source = source, Turns = turns.ToArray(), ConversationId = conversation };

    /// <summary>"user" for patient-like speakers, "assistant" for doctor-like ones, else null.</summary>
    internal static string? NormalizeRole(string role) => role.Trim().ToLowerInvariant() switch
    {
        "user" or "patient" or "human" or "患者" or "病人" or "病人/患者" or "q" => DialogueTurn.User,
        "assistant" or "doctor" or "gpt" or "医生" or "大夫" or "a" => DialogueTurn.Assistant,
        _ => null,
    };
}
