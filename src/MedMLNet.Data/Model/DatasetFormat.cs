namespace MedMLNet.Data;

/// <summary>Input formats <see cref="DatasetReader"/> understands. CLI names are in <see cref="DatasetFormats"/>.</summary>
public enum DatasetFormat
{
    /// <summary>Detect from the file name and its first bytes (<see cref="FormatDetector"/>).</summary>
    Auto,
    /// <summary>MedQuAD XML: one file or a folder of files (&lt;Document&gt;&lt;QAPairs&gt;&lt;QAPair&gt;...).</summary>
    MedQuad,
    /// <summary>MedQA JSONL: {question, answer, options:{A..}, meta_info, answer_idx}.</summary>
    MedQa,
    /// <summary>ChatDoctor / Alpaca: a JSON array or JSONL of {instruction, input, output}.</summary>
    ChatDoctor,
    /// <summary>PubMedQA JSON object pmid → {QUESTION, CONTEXTS, LONG_ANSWER, final_decision}; free-text answer.</summary>
    PubMedQa,
    /// <summary>PubMedQA as multiple choice: A yes / B no / C maybe, with the answer index.</summary>
    PubMedQaMcq,
    /// <summary>Chinese medical dialogue CSV (department,title,ask,answer), GB18030 or UTF-8.</summary>
    DialogueCsv,
    /// <summary>Normalized JSONL: {id, question, answer, source, ...} or chat records {messages:[...]}.</summary>
    Jsonl,
    /// <summary>Generic CSV/TSV with a <see cref="ColumnMapping"/>.</summary>
    Csv,
    /// <summary>MIMIC-III NOTEEVENTS.csv layout; the note text is always redacted.</summary>
    MimicNotes,
}

/// <summary>Command-line names of <see cref="DatasetFormat"/> values ("auto", "medquad", "dialogue-csv", ...).</summary>
public static class DatasetFormats
{
    private static readonly (string Name, DatasetFormat Format)[] names =
    [
        ("auto", DatasetFormat.Auto), ("medquad", DatasetFormat.MedQuad), ("medqa", DatasetFormat.MedQa),
        ("chatdoctor", DatasetFormat.ChatDoctor), ("pubmedqa", DatasetFormat.PubMedQa),
        ("pubmedqa-mcq", DatasetFormat.PubMedQaMcq), ("dialogue-csv", DatasetFormat.DialogueCsv),
        ("jsonl", DatasetFormat.Jsonl), ("csv", DatasetFormat.Csv), ("mimic", DatasetFormat.MimicNotes),
    ];

    /// <summary>Every accepted name, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = names.Select(n => n.Name).ToArray();

    /// <summary>Parses a CLI name; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static DatasetFormat Parse(string name) =>
        names.FirstOrDefault(n => string.Equals(n.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } hit
            ? hit.Format
            : throw new ArgumentException($"unknown --format '{name}': use one of {string.Join(", ", Names)}.");

    /// <summary>The CLI name of a format.</summary>
    public static string NameOf(DatasetFormat format) => names.First(n => n.Format == format).Name;
}
