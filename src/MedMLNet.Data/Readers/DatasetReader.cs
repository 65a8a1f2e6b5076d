using MedMLNet.Data.Readers;

namespace MedMLNet.Data;

/// <summary>Options for <see cref="DatasetReader"/>.</summary>
public sealed record ReaderOptions
{
    /// <summary>Overrides the source name each reader would give its records.</summary>
    public string? Source { get; init; }

    /// <summary>Column mapping for <see cref="DatasetFormat.Csv"/>.</summary>
    public ColumnMapping? Columns { get; init; }

    /// <summary>Redactor for MIMIC notes (always applied there; default options when null).</summary>
    public PhiRedactor? Redactor { get; init; }
}

/// <summary>One entry point for every format: <c>DatasetReader.Read("data/medquad", DatasetFormat.Auto)</c>.</summary>
public static class DatasetReader
{
    /// <summary>The reader for <paramref name="format"/> (after resolving <see cref="DatasetFormat.Auto"/> from <paramref name="path"/>).</summary>
    public static IDialogueReader Create(string path, DatasetFormat format = DatasetFormat.Auto, ReaderOptions? options = null)
    {
        options ??= new ReaderOptions();
        if (format == DatasetFormat.Auto) format = FormatDetector.Detect(path);
        var s = options.Source;
        return format switch
        {
            DatasetFormat.MedQuad => new MedQuadXmlReader(),
            DatasetFormat.MedQa => new MedQaJsonlReader(s ?? "MedQA"),
            DatasetFormat.ChatDoctor => new AlpacaReader(s ?? "ChatDoctor"),
            DatasetFormat.PubMedQa => new PubMedQaReader(false, s ?? "PubMedQA"),
            DatasetFormat.PubMedQaMcq => new PubMedQaReader(true, s ?? "PubMedQA"),
            DatasetFormat.DialogueCsv => new DialogueCsvReader(s ?? "Chinese-medical-dialogue-data"),
            DatasetFormat.Jsonl => new NormalizedJsonlReader(s),
            DatasetFormat.Csv => new GenericCsvReader(options.Columns, s),
            DatasetFormat.MimicNotes => new MimicNotesReader(options.Redactor ?? new PhiRedactor(), s ?? "MIMIC-III"),
            _ => throw new ArgumentException($"unsupported format {format}."),
        };
    }

    /// <summary>Streams the records of <paramref name="path"/> (file or, for MedQuAD, folder).</summary>
    public static IEnumerable<DialogueRecord> Read(string path, DatasetFormat format = DatasetFormat.Auto, ReaderOptions? options = null,
        ReadDiagnostics? diagnostics = null, CancellationToken ct = default)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"input '{path}' does not exist; check the path.", path);
        return Guarded(path, Create(path, format, options).Read(path, diagnostics ?? new ReadDiagnostics(), ct));
    }

    /// <summary>
    /// Turns the runtime's own errors on hostile bytes (invalid UTF-8, lone surrogates, wrong JSON kinds) into the
    /// documented <see cref="InvalidDataException"/> naming the file, whichever reader hit them.
    /// </summary>
    private static IEnumerable<DialogueRecord> Guarded(string path, IEnumerable<DialogueRecord> records)
    {
        using var e = records.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext()) yield break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException
                                          or OverflowException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"{path}: malformed input ({ex.Message}); fix or re-export the file.", ex);
            }
            yield return e.Current;
        }
    }

    /// <summary>Async view of <see cref="Read"/> for callers that consume records asynchronously.</summary>
    public static async IAsyncEnumerable<DialogueRecord> ReadAsync(string path, DatasetFormat format = DatasetFormat.Auto, ReaderOptions? options = null,
        ReadDiagnostics? diagnostics = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var record in Read(path, format, options, diagnostics, ct))
        {
            yield return record;
            await Task.Yield();
        }
    }
}
