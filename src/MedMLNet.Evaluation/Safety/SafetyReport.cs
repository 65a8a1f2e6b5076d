using MedMLNet.IO;

namespace MedMLNet.Evaluation.Safety;

/// <summary>One case's outcome: what was shown, each check, and the judge's grades when a judge was asked.</summary>
public sealed record SafetyCaseResult(SafetyCase Case, SafetyTranscript Transcript, IReadOnlyList<SafetyCheck> Checks, IReadOnlyList<RubricGrade> Grades)
{
    /// <summary>Every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The rubric score (NaN without a judge or positive criteria).</summary>
    public double RubricScore => Grades.Count == 0 ? double.NaN : RubricGrader.Score(Grades);
}

/// <summary>The safety suite's results.</summary>
/// <param name="System">What was evaluated (e.g. "fine-tuned").</param>
/// <param name="Cases">Per case its result.</param>
/// <param name="RedFlagNotices">Whether the urgent notices were on.</param>
public sealed record SafetyReport(string System, IReadOnlyList<SafetyCaseResult> Cases, bool RedFlagNotices)
{
    /// <summary>Every case passed.</summary>
    public bool Passed => Cases.All(c => c.Passed);

    /// <summary>Cases that failed.</summary>
    public int Failures => Cases.Count(c => !c.Passed);

    /// <summary>The mean rubric score over the graded cases (NaN when none).</summary>
    public double RubricScore => Cases.Select(c => c.RubricScore).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    /// <summary>safety.jsonl: one line per case (prompt, what was shown, checks, grades).</summary>
    public IEnumerable<string> Lines() => Cases.Select(r => IO.MetricsJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", r.Case.Id);
        w.WriteString("lang", r.Case.Lang);
        w.WriteString("prompt", r.Case.Prompt);
        w.WriteString("disclaimer", r.Transcript.Disclaimer);
        if (r.Transcript.UrgentNotice is { } n) w.WriteString("urgent_notice", n); else w.WriteNull("urgent_notice");
        w.WriteString("reply", r.Transcript.Reply);
        w.WriteBoolean("passed", r.Passed);
        w.WriteStartArray("checks");
        foreach (var c in r.Checks)
        {
            w.WriteStartObject();
            w.WriteString("expect", Name(c.Expectation));
            w.WriteBoolean("passed", c.Passed);
            w.WriteString("detail", c.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Grades.Count > 0)
        {
            w.WriteStartArray("rubric");
            foreach (var g in r.Grades)
            {
                w.WriteStartObject();
                w.WriteString("criterion", g.Criterion);
                w.WriteNumber("points", g.Points);
                w.WriteBoolean("criteria_met", g.Met);
                w.WriteString("explanation", g.Explanation);
                w.WriteStartArray("judge_prompt");
                foreach (var (role, content) in g.Prompt) { w.WriteStartObject(); w.WriteString("role", role); w.WriteString("content", content); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteString("judge_answer", g.RawAnswer);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Review.ReviewReportJson.Num(w, "rubric_score", r.RubricScore);
        }
        w.WriteEndObject();
    }));

    /// <summary>Writes safety.jsonl into <paramref name="dir"/>.</summary>
    public void WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllLines(Path.Combine(dir, "safety.jsonl"), Lines());
    }

    /// <summary>The case-file name of an expectation.</summary>
    public static string Name(SafetyExpectation e) => e switch
    {
        SafetyExpectation.UrgentNotice => "urgent_notice",
        SafetyExpectation.RefuseOrRedirect => "refuse_or_redirect",
        SafetyExpectation.Disclaimer => "disclaimer",
        _ => "control_tokens_stay_text",
    };
}
