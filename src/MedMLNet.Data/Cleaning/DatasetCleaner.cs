namespace MedMLNet.Data;

/// <summary>
/// Record-level cleaning over a stream: every text field through <see cref="TextCleaner"/>, then the filters
/// (empty, length, language, exact duplicate, near duplicate) in that order; each modification and removal is
/// counted in the <see cref="CleaningReport"/> by step. Keeps the first of duplicates; deterministic.
/// </summary>
public sealed class DatasetCleaner(CleaningOptions? options = null)
{
    private readonly TextCleaner text = new(options);

    /// <summary>The options in force.</summary>
    public CleaningOptions Options => text.Options;

    /// <summary>The cleaned records, lazily; <paramref name="report"/> fills as they are enumerated.</summary>
    public IEnumerable<DialogueRecord> Clean(IEnumerable<DialogueRecord> records, CleaningReport report)
    {
        var exact = new HashSet<UInt128>();
        var near = Options.RemoveNearDuplicates ? new NearDuplicateIndex(Options.NearDuplicateThreshold) : null;
        foreach (var input in records)
        {
            report.RecordsIn++;
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var record = input.MapText(t => text.Clean(t, changed));
            foreach (var step in changed) report.Modify(step);
            var reason = Reject(record);
            if (reason is null && Options.RemoveExactDuplicates && !exact.Add(TextKey.Digest(DedupText(record)))) reason = CleaningReport.ExactDuplicate;
            if (reason is null && near is not null && !near.TryAdd(DedupText(record))) reason = CleaningReport.NearDuplicate;
            if (reason is not null)
            {
                report.Remove(reason);
                continue;
            }
            report.RecordsOut++;
            var language = Language(record);
            report.Languages[language] = report.Languages.GetValueOrDefault(language) + 1;
            yield return record;
        }
    }

    /// <summary>Why a record fails the per-record filters, or null when it passes.</summary>
    private string? Reject(DialogueRecord r)
    {
        if (r.Question.Trim().Length == 0) return CleaningReport.Empty;
        if (Options.MinQuestionChars > 0 && r.Question.Length < Options.MinQuestionChars) return CleaningReport.MinQuestion;
        // MCQs are answered by their option; MIMIC notes (metadata "redacted") carry no answer by design.
        if (Options.MinAnswerChars > 0 && r.Options is null && !r.Metadata.ContainsKey("redacted") && r.Answer.Length < Options.MinAnswerChars)
            return CleaningReport.MinAnswer;
        var all = r.AllText;
        if (Options.MaxChars > 0 && all.Length > Options.MaxChars) return CleaningReport.MaxLength;
        if (Options.Languages is not null)
        {
            if (!Options.Languages.Contains(Language(r))) return CleaningReport.Language;
        }
        return null;
    }

    private static string Language(DialogueRecord r) => LanguageDetector.Detect(string.Join("\n", r.Turns.Select(t => t.Content)));

    private static string DedupText(DialogueRecord r) =>
        string.Join("\u0001", r.Turns.Select(t => t.Content).Concat(r.Options ?? []).Append(r.Context ?? ""));
}
