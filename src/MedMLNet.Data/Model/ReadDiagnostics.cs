namespace MedMLNet.Data;

/// <summary>A malformed input line or record that was skipped.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Line">1-based line number (0 when the format has no lines, e.g. one XML file).</param>
/// <param name="Reason">What was wrong.</param>
public sealed record ReadIssue(string Path, long Line, string Reason);

/// <summary>
/// Collects malformed records while reading. In strict mode the first one throws
/// <see cref="InvalidDataException"/> naming the file and line; otherwise it is counted and kept (the first
/// <see cref="MaxKept"/> with line numbers) for the report. A <c>sanitize</c> function (the PHI redactor when
/// redaction is on) rewrites every reason before it is kept or thrown.
/// </summary>
public sealed class ReadDiagnostics(bool strict = false, bool includeText = false, Func<string, string>? sanitize = null)
{
    private readonly List<ReadIssue> issues = [];

    /// <summary>How many issues keep their details; the rest are only counted.</summary>
    public const int MaxKept = 1000;

    /// <summary>True when any malformed record throws instead of being skipped.</summary>
    public bool Strict { get; } = strict;

    /// <summary>
    /// True when reasons may quote raw record text (an offending field value). Off by default, so reports,
    /// logs and exceptions never carry patient text unless a user asks for it (<c>--log-text</c>).
    /// </summary>
    public bool IncludeText { get; } = includeText;

    /// <summary>Total malformed records seen.</summary>
    public int MalformedCount { get; private set; }

    /// <summary>Records read successfully.</summary>
    public int RecordsRead { get; private set; }

    /// <summary>The first <see cref="MaxKept"/> issues.</summary>
    public IReadOnlyList<ReadIssue> Issues => issues;

    /// <summary>Records a malformed record (throws in strict mode).</summary>
    public void Malformed(string path, long line, string reason)
    {
        // Parser messages (JSON, XML) can quote bits of the record: with redaction on they pass through the redactor.
        if (sanitize != null) reason = sanitize(reason);
        if (Strict)
            throw new InvalidDataException($"{path}:{line}: {reason} (fix or remove the record, or drop --strict to skip it).");
        MalformedCount++;
        if (issues.Count < MaxKept) issues.Add(new ReadIssue(path, line, reason));
    }

    /// <summary>
    /// Records a malformed record whose reason would quote <paramref name="text"/> from the record: the text is
    /// appended only when <see cref="IncludeText"/> is on; otherwise only its length is.
    /// </summary>
    public void Malformed(string path, long line, string reason, string text) =>
        Malformed(path, line, IncludeText ? $"{reason}: '{text}'" : $"{reason} (value of {text.Length} characters not shown; --log-text shows it)");

    /// <summary>Counts one good record.</summary>
    public void Read() => RecordsRead++;
}
