namespace MedMLNet.Data;

/// <summary>Everything <see cref="PreparePipeline.Run"/> needs; the CLI's <c>medmlnet prepare</c> options map 1:1.</summary>
public sealed record PrepareOptions
{
    /// <summary>Input file (or MedQuAD folder).</summary>
    public required string InputPath { get; init; }

    /// <summary>Folder for train.jsonl, validation.jsonl, test.jsonl and report.json (created if missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Input format (default: detect).</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Split fractions and seed.</summary>
    public SplitOptions Split { get; init; } = new();

    /// <summary>
    /// Redact PHI from every record (MIMIC notes are always redacted). Record ids and conversation ids are replaced
    /// by pseudonyms (<c>r</c>/<c>c</c> + 12 hex digits of an HMAC keyed by the input's content), since they are often patient or encounter numbers.
    /// </summary>
    public bool Redact { get; init; }

    /// <summary>What to redact when redacting.</summary>
    public RedactionOptions Redaction { get; init; } = new();

    /// <summary>System prompt for every record; null uses the EN/ZH triage defaults.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Fail on the first malformed record instead of counting it.</summary>
    public bool Strict { get; init; }

    /// <summary>Let malformed-record reasons in the report quote raw record text (off: never; <c>--log-text</c>).</summary>
    public bool LogText { get; init; }

    /// <summary>Cleaning steps.</summary>
    public CleaningOptions Cleaning { get; init; } = new();

    /// <summary>Reader options (source override, CSV column mapping).</summary>
    public ReaderOptions Reader { get; init; } = new();
}

/// <summary>Progress of a prepare run: the stage and how many records it has handled.</summary>
/// <param name="Stage">"read", "write".</param>
/// <param name="Records">Records handled so far in this stage.</param>
public sealed record PrepareProgress(string Stage, int Records);
