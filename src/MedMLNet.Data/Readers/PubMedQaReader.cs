namespace MedMLNet.Data.Readers;

/// <summary>
/// PubMedQA's JSON object <c>pmid → {QUESTION, CONTEXTS[], LONG_ANSWER, final_decision, ...}</c> (ori_pqal.json),
/// streamed one property at a time. Free-text view: the answer is LONG_ANSWER. Multiple-choice view
/// (<paramref name="multipleChoice"/>): options A yes / B no / C maybe with the index of final_decision, and
/// LONG_ANSWER kept as the explanation. The abstract (CONTEXTS) becomes <see cref="DialogueRecord.Context"/>.
/// </summary>
public sealed class PubMedQaReader(bool multipleChoice = false, string source = "PubMedQA") : IDialogueReader
{
    /// <summary>The options of the multiple-choice view, in letter order.</summary>
    public static readonly IReadOnlyList<string> Decisions = ["yes", "no", "maybe"];

    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        using var stream = File.OpenRead(path);
        long index = 0;
        var pmids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (pmid, obj) in JsonStream.ReadTopLevel(stream, path, ct))
        {
            index++;
            if (pmid is not null && !pmids.Add(pmid)) { diagnostics.Malformed(path, index, $"pmid {pmid} appears twice; keep one"); continue; }
            if (JsonDuplicateKeys.Find(obj) is { } repeated) { diagnostics.Malformed(path, index, JsonDuplicateKeys.Reason(repeated)); continue; }
            var question = obj.Str("QUESTION");
            if (pmid is null || string.IsNullOrWhiteSpace(question))
            {
                diagnostics.Malformed(path, index, "expected \"pmid\": {\"QUESTION\": ...} items in a top-level object");
                continue;
            }
            var decision = obj.Str("final_decision")?.Trim().ToLowerInvariant();
            var answerIndex = decision is null ? -1 : Decisions.ToList().IndexOf(decision);
            var longAnswer = obj.Str("LONG_ANSWER") ?? "";
            if (multipleChoice && answerIndex < 0)
            {
                diagnostics.Malformed(path, index, $"pmid {pmid}: final_decision must be yes, no or maybe");
                continue;
            }
            var meta = new Dictionary<string, string> { ["pmid"] = pmid };
            if (decision is not null) meta["final_decision"] = decision;
            if (obj.Str("YEAR") is { } year) meta["year"] = year;
            var record = DialogueRecord.QuestionAnswer($"pubmedqa-{pmid}", source, question, longAnswer) with
            {
                Context = obj.Str("CONTEXTS"),
                Metadata = meta,
            };
            if (multipleChoice) record = record with { Options = Decisions, AnswerIndex = answerIndex };
            diagnostics.Read();
            yield return record;
        }
    }
}
