namespace MedMLNet.Data.Readers;

/// <summary>
/// MIMIC-III NOTEEVENTS.csv layout (ROW_ID, SUBJECT_ID, HADM_ID, CHARTDATE, CATEGORY, DESCRIPTION, TEXT).
/// Redaction is mandatory: every note goes through the given <see cref="PhiRedactor"/> before it leaves the
/// reader, and CHARTDATE is never copied. Each note becomes a user turn "{CATEGORY} note ({DESCRIPTION}):\n{TEXT}";
/// the patient (SUBJECT_ID) is the conversation id, so one patient's notes never straddle splits.
/// MIMIC requires a credentialed data-use agreement: never bundle it.
/// </summary>
public sealed class MimicNotesReader(PhiRedactor redactor, string source = "MIMIC-III") : IDialogueReader
{
    private readonly PhiRedactor redactor = redactor ?? throw new ArgumentNullException(nameof(redactor), "MIMIC notes are always redacted: pass a PhiRedactor.");

    /// <summary>Redaction counts by type over every note read so far.</summary>
    public Dictionary<PhiType, int> Redactions { get; } = [];

    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        using var reader = new StreamReader(path, TextEncodingDetector.Detect(path), false, 1 << 16);
        int row = -1, subject = -1, category = -1, description = -1, text = -1;
        var header = true;
        foreach (var (line, f) in CsvParser.Parse(reader, ',', path, ct))
        {
            if (header)
            {
                var names = f.Select(n => n.Trim().TrimStart('\uFEFF').ToUpperInvariant()).ToList();
                CsvParser.RejectRepeatedColumns(names, path);
                (row, subject, category, description, text) = (names.IndexOf("ROW_ID"), names.IndexOf("SUBJECT_ID"), names.IndexOf("CATEGORY"), names.IndexOf("DESCRIPTION"), names.IndexOf("TEXT"));
                if (text < 0 || subject < 0)
                    throw new InvalidDataException($"{path}:1: expected the NOTEEVENTS header (ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CATEGORY,DESCRIPTION,TEXT).");
                header = false;
                continue;
            }
            if (f.Length <= text) { diagnostics.Malformed(path, line, $"expected {text + 1} columns, found {f.Length}"); continue; }
            string At(int i) => i >= 0 && i < f.Length ? f[i].Trim() : "";
            var redacted = redactor.Redact(At(text));
            foreach (var (type, n) in redacted.CountsByType) Redactions[type] = Redactions.GetValueOrDefault(type) + n;
            var heading = $"{(At(category) is { Length: > 0 } c ? c : "Clinical")} note{(At(description) is { Length: > 0 } d ? $" ({d})" : "")}:";
            diagnostics.Read();
            yield return new DialogueRecord
            {
                Id = $"mimic-{(At(row) is { Length: > 0 } r ? r : line.ToString())}",
                Source = source,
                Turns = [new DialogueTurn(DialogueTurn.User, heading + "\n" + redacted.Text)],
                ConversationId = "mimic-subject-" + At(subject),
                Metadata = new Dictionary<string, string> { ["category"] = At(category), ["redacted"] = "true" },
            };
        }
    }
}
