using System.Text;
using MedMLNet.IO;

namespace MedMLNet.Data;

/// <summary>
/// read → clean → (redact) → format → split → write: the whole of <c>medmlnet prepare</c>. Records stream
/// from the reader through cleaning into a scratch file; only each record's source and group keys stay in
/// memory until the split is decided. Outputs are written atomically. An empty result is an error.
/// </summary>
public static class PreparePipeline
{
    /// <summary>The output file names.</summary>
    public const string TrainFile = "train.jsonl", ValidationFile = "validation.jsonl", TestFile = "test.jsonl", ReportFile = "report.json";

    /// <summary>Runs the pipeline and writes the four outputs; returns the report (also in report.json).</summary>
    public static PrepareReport Run(PrepareOptions options, IProgress<PrepareProgress>? progress = null, CancellationToken ct = default)
    {
        options.Split.Validate();
        if (!File.Exists(options.InputPath) && !Directory.Exists(options.InputPath))
            throw new FileNotFoundException($"input '{options.InputPath}' does not exist; check --input.", options.InputPath);
        var format = options.Format == DatasetFormat.Auto ? Readers.FormatDetector.Detect(options.InputPath) : options.Format;
        var redactor = new PhiRedactor(options.Redaction);
        var redacting = options.Redact || format == DatasetFormat.MimicNotes;
        var diagnostics = new ReadDiagnostics(options.Strict, options.LogText, redacting && !options.LogText ? s => redactor.Redact(s).Text : null);
        var pseudonyms = options.Redact ? Pseudonyms.ForInput(options.InputPath) : null;
        var report = new PrepareReport { Input = options.InputPath, Format = DatasetFormats.NameOf(format), Read = diagnostics, Cleaning = new CleaningReport() };
        var reader = DatasetReader.Create(options.InputPath, format, options.Reader with { Redactor = options.Reader.Redactor ?? redactor });
        var formatter = new ChatFormatter(new ChatFormatOptions { SystemPrompt = options.SystemPrompt });
        report.Redacted = redacting;

        Directory.CreateDirectory(options.OutputDirectory);
        var scratchPath = Path.Combine(options.OutputDirectory, $".prepare.{Environment.ProcessId}.{Guid.NewGuid():N}.scratch");
        // Scratch space, not an output: deleted on close whatever happens.
        using var scratch = new FileStream(scratchPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        var sources = new List<string>();
        var keys = new List<string[]>();
        using (var writer = new StreamWriter(scratch, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            var cleaned = new DatasetCleaner(options.Cleaning).Clean(reader.Read(options.InputPath, diagnostics, ct), report.Cleaning);
            foreach (var record in cleaned)
            {
                ct.ThrowIfCancellationRequested();
                var r = options.Redact ? Redact(record, redactor, report) : record;
                // Split keys from the source ids (kept in memory only); the written record carries the pseudonyms.
                var chat = formatter.Format(pseudonyms?.Apply(r) ?? r);
                writer.WriteLine(chat.ToJson());
                sources.Add(r.Source);
                keys.Add(SplitGroups.KeysOf(r).ToArray());
                if (keys.Count % 1000 == 0) progress?.Report(new PrepareProgress("read", keys.Count));
            }
        }
        if (reader is Readers.MimicNotesReader mimic)
            foreach (var (type, n) in mimic.Redactions) report.RedactionsByType[type.Label()] = report.RedactionsByType.GetValueOrDefault(type.Label()) + n;
        if (keys.Count == 0)
            throw new InvalidDataException(
                $"{options.InputPath}: no records left to write (read {diagnostics.RecordsRead}, malformed {diagnostics.MalformedCount}, removed by cleaning {report.Cleaning.RecordsIn - report.Cleaning.RecordsOut}); check --format and the input, or relax cleaning.");

        var splits = new DatasetSplitter(options.Split).Assign(keys.Count, i => sources[i], i => keys[i]);
        report.Groups = keys.Select(k => k[0]).Distinct(StringComparer.Ordinal).Count();
        WriteSplits(options.OutputDirectory, scratch, splits, sources, report, progress, ct);
        foreach (var (name, fraction) in new[] { ("validation", options.Split.Validation), ("test", options.Split.Test) })
            if (fraction > 0 && report.Splits[name] == 0)
                report.Warnings.Add($"{name} split is empty: {keys.Count} records are too few for fraction {fraction}.");
        AtomicFile.WriteAllText(Path.Combine(options.OutputDirectory, ReportFile), report.ToJson() + "\n");
        return report;
    }

    private static DialogueRecord Redact(DialogueRecord record, PhiRedactor redactor, PrepareReport report)
    {
        var changed = false;
        var result = record.MapText(text =>
        {
            var r = redactor.Redact(text);
            foreach (var (type, n) in r.CountsByType) report.RedactionsByType[type.Label()] = report.RedactionsByType.GetValueOrDefault(type.Label()) + n;
            changed |= r.Spans.Count > 0;
            return r.Text;
        });
        if (changed) report.RecordsRedacted++;
        return result;
    }

    private static void WriteSplits(string dir, FileStream scratch, SplitName[] splits, List<string> sources, PrepareReport report,
        IProgress<PrepareProgress>? progress, CancellationToken ct)
    {
        AtomicFile.Write(Path.Combine(dir, TrainFile), train =>
        AtomicFile.Write(Path.Combine(dir, ValidationFile), validation =>
        AtomicFile.Write(Path.Combine(dir, TestFile), test =>
        {
            var utf8 = new UTF8Encoding(false);
            using var trainW = new StreamWriter(train, utf8, 1 << 16, true) { NewLine = "\n" };
            using var validationW = new StreamWriter(validation, utf8, 1 << 16, true) { NewLine = "\n" };
            using var testW = new StreamWriter(test, utf8, 1 << 16, true) { NewLine = "\n" };
            scratch.Position = 0;
            using var lines = new StreamReader(scratch, utf8, false, 1 << 16, leaveOpen: true);
            for (var i = 0; i < splits.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                var line = lines.ReadLine() ?? throw new InvalidOperationException("scratch file shorter than the record count.");
                var (writer, name) = splits[i] switch
                {
                    SplitName.Train => (trainW, "train"),
                    SplitName.Validation => (validationW, "validation"),
                    _ => (testW, "test"),
                };
                writer.WriteLine(line);
                report.Splits[name]++;
                if (!report.SplitsBySource.TryGetValue(sources[i], out var bySource))
                    report.SplitsBySource[sources[i]] = bySource = new(StringComparer.Ordinal) { ["train"] = 0, ["validation"] = 0, ["test"] = 0 };
                bySource[name]++;
                if ((i + 1) % 1000 == 0) progress?.Report(new PrepareProgress("write", i + 1));
            }
        })));
    }
}
