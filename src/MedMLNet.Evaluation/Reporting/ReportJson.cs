using MedMLNet.Evaluation.IO;
using MedMLNet.Evaluation.Review;

namespace MedMLNet.Evaluation.Reporting;

/// <summary>metrics.json: per system its summary, CIs and extra numbers; comparisons; robustness; review.</summary>
internal static class ReportJson
{
    public static string Render(EvaluationReport r) => MetricsJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("title", r.Title);
        w.WriteStartObject("systems");
        foreach (var s in r.Systems)
        {
            w.WriteStartObject(s.Name);
            MetricsJson.WriteSummaryBody(w, s.Summary);
            w.WriteStartObject("ci");
            foreach (var (k, ci) in s.Intervals) { w.WritePropertyName(k); ReviewReportJson.WriteCi(w, ci); }
            w.WriteEndObject();
            w.WriteStartObject("extra");
            foreach (var (k, v) in s.Extra) ReviewReportJson.Num(w, k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("comparisons");
        foreach (var (sys, metric, diff) in r.Comparisons())
        {
            w.WriteStartObject();
            w.WriteString("system", sys);
            w.WriteString("baseline", r.Systems[0].Name);
            w.WriteString("metric", metric);
            w.WritePropertyName("difference");
            ReviewReportJson.WriteCi(w, diff);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("significance");
        foreach (var (sys, c) in r.Significance())
        {
            w.WriteStartObject();
            w.WriteString("system", sys);
            w.WriteString("baseline", r.Systems[0].Name);
            w.WriteString("metric", c.Metric);
            ReviewReportJson.Num(w, "baseline_score", c.Baseline);
            ReviewReportJson.Num(w, "system_score", c.System);
            w.WriteStartObject("paired_bootstrap");
            ReviewReportJson.Num(w, "p_value", c.Bootstrap.PValue);
            w.WriteNumber("resamples", c.Bootstrap.Samples);
            if (c.Bootstrap.SystemCi is { } ci) { w.WritePropertyName("system_ci"); ReviewReportJson.WriteCi(w, ci); }
            w.WriteEndObject();
            w.WriteStartObject("approximate_randomization");
            ReviewReportJson.Num(w, "p_value", c.Randomization.PValue);
            w.WriteNumber("trials", c.Randomization.Samples);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("mcq");
        foreach (var b in r.Mcq)
        {
            w.WriteStartObject();
            w.WriteString("benchmark", b.Benchmark);
            w.WriteStartObject("systems");
            foreach (var s in b.Systems)
            {
                w.WriteStartObject(s.System);
                w.WriteNumber("items", s.Predictions.Count);
                w.WritePropertyName("acc");
                ReviewReportJson.WriteCi(w, s.Acc);
                w.WritePropertyName("acc_norm");
                ReviewReportJson.WriteCi(w, s.AccNorm);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("significance");
            foreach (var (sys, metric, bs, ar) in b.Significance(r.Seed))
            {
                w.WriteStartObject();
                w.WriteString("system", sys);
                w.WriteString("baseline", b.Systems[0].System);
                w.WriteString("metric", metric);
                ReviewReportJson.Num(w, "delta", bs.Delta);
                ReviewReportJson.Num(w, "p_paired_bootstrap", bs.PValue);
                ReviewReportJson.Num(w, "p_approximate_randomization", ar.PValue);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Safety is { } safety)
        {
            w.WriteStartObject("safety");
            w.WriteString("system", safety.System);
            w.WriteBoolean("passed", safety.Passed);
            w.WriteNumber("cases", safety.Cases.Count);
            w.WriteNumber("failures", safety.Failures);
            w.WriteBoolean("red_flag_notices", safety.RedFlagNotices);
            ReviewReportJson.Num(w, "rubric_score", safety.RubricScore);
            w.WriteStartObject("results");
            foreach (var c in safety.Cases)
            {
                w.WriteStartObject(c.Case.Id);
                w.WriteBoolean("passed", c.Passed);
                foreach (var check in c.Checks) w.WriteBoolean(Safety.SafetyReport.Name(check.Expectation), check.Passed);
                if (c.Grades.Count > 0) ReviewReportJson.Num(w, "rubric_score", c.RubricScore);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartArray("robustness");
        foreach (var (sys, res) in r.Robustness)
        {
            w.WriteStartObject();
            w.WriteString("system", sys);
            w.WriteString("perturbation", res.Kind.ToString());
            w.WriteStartObject("drop");
            foreach (var (k, v) in res.Drops) ReviewReportJson.Num(w, k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Review != null)
        {
            w.WriteStartObject("review");
            ReviewReportJson.Write(w, r.Review);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }, indented: true);
}
