using System.Globalization;
using System.Net;
using System.Text;

namespace MedMLNet.Evaluation.Reporting;

/// <summary>report.html: tables and inline SVG charts, no scripts and no external resources.</summary>
internal static class ReportHtml
{
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string N(double v, string f = "0.0000") => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "–";

    public static string Render(EvaluationReport r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(r.Title)).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;max-width:62em;margin:2em auto;padding:0 1em;color:#222}")
          .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
          .Append("svg{display:block;margin:1em 0}.note{color:#666;font-size:.9em}</style></head><body>\n<h1>").Append(E(r.Title)).Append("</h1>\n");
        if (r.Systems.Count > 0) SummaryTable(sb, r);
        Charts(sb, r);
        McqSection(sb, r);
        SafetySection(sb, r);
        foreach (var (heading, html) in r.Sections) sb.Append("<h2>").Append(E(heading)).Append("</h2>\n").Append(html).Append('\n');
        Comparisons(sb, r);
        Robustness(sb, r);
        Review(sb, r);
        return sb.Append("</body></html>\n").ToString();
    }

    private static readonly string[] Metrics = ["bleu", "rouge1", "rouge2", "rougeL", "rougeLsum", "meteor"];

    private static double Value(SystemResult s, string metric) => metric switch
    {
        "bleu" => s.Summary.MeanBleu, "rouge1" => s.Summary.Rouge1.F, "rouge2" => s.Summary.Rouge2.F,
        "rougeL" => s.Summary.RougeL.F, "rougeLsum" => s.Summary.RougeLsum.F, "meteor" => s.Summary.Meteor ?? double.NaN,
        _ => s.Extra.GetValueOrDefault(metric, double.NaN),
    };

    private static void SummaryTable(StringBuilder sb, EvaluationReport r)
    {
        var extras = r.Systems.SelectMany(s => s.Extra.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var langs = r.Systems.SelectMany(s => s.Summary.CorpusBleu.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.Append("<h2>Summary</h2><table><tr><th>system</th><th>items</th>");
        foreach (var l in langs) sb.Append("<th>corpus BLEU (").Append(E(l)).Append(")</th>");
        foreach (var m in Metrics) sb.Append("<th>").Append(m).Append(m == "bleu" ? " (mean)" : m == "meteor" ? "" : " F").Append("</th>");
        foreach (var x in extras) sb.Append("<th>").Append(E(x)).Append("</th>");
        sb.Append("</tr>");
        foreach (var s in r.Systems)
        {
            sb.Append("<tr><td>").Append(E(s.Name)).Append("</td><td>").Append(s.Summary.Count).Append("</td>");
            foreach (var l in langs) sb.Append("<td>").Append(s.Summary.CorpusBleu.TryGetValue(l, out var b) ? N(b.Score, "0.00") + Ci(s, "corpus_bleu_" + l, "0.00") : "–").Append("</td>");
            foreach (var m in Metrics) sb.Append("<td>").Append(N(Value(s, m), m == "bleu" ? "0.00" : "0.0000")).Append(Ci(s, m, m == "bleu" ? "0.00" : "0.000")).Append("</td>");
            foreach (var x in extras) sb.Append("<td>").Append(N(Value(s, x))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table><p class=\"note\">Brackets: 95% bootstrap confidence intervals (seeded). ROUGE per type against the best reference; corpus BLEU over all references.</p>\n");
    }

    private static string Ci(SystemResult s, string key, string f) =>
        s.Intervals.TryGetValue(key, out var ci) ? $" <small>[{N(ci.Lower, f)}, {N(ci.Upper, f)}]</small>" : "";

    private static void Charts(StringBuilder sb, EvaluationReport r)
    {
        if (r.Systems.Count == 0) return;
        sb.Append("<h2>Metrics</h2>");
        var zeroOne = Metrics.Skip(1).Where(m => r.Systems.All(s => double.IsFinite(Value(s, m)))).ToList();
        sb.Append(SvgCharts.Bars("ROUGE F and METEOR (0–1)", zeroOne, r.Systems.Select(s => (s.Name, (IReadOnlyList<double>)zeroOne.Select(m => Value(s, m)).ToList())).ToList()));
        var langs = r.Systems.SelectMany(s => s.Summary.CorpusBleu.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var bleuCats = langs.Select(l => "corpus " + l).Prepend("sentence mean").ToList();
        sb.Append(SvgCharts.Bars("BLEU (0–100)", bleuCats, r.Systems.Select(s => (s.Name, (IReadOnlyList<double>)langs
            .Select(l => s.Summary.CorpusBleu.TryGetValue(l, out var b) ? b.Score : 0).Prepend(s.Summary.MeanBleu).ToList())).ToList(), "0.0"));
        foreach (var x in r.Systems.SelectMany(s => s.Extra.Keys).Distinct().Order(StringComparer.Ordinal))
            sb.Append(SvgCharts.Bars(x, [x], r.Systems.Select(s => (s.Name, (IReadOnlyList<double>)[s.Extra.GetValueOrDefault(x, double.NaN)])).ToList()));
        sb.Append("<h2>Per-item distributions</h2>");
        foreach (var m in Metrics)
        {
            var series = r.Systems.Select(s => (s.Name, SystemResult.PerItem(s.Scores).GetValueOrDefault(m))).Where(x => x.Item2 != null)
                .Select(x => (x.Name, x.Item2!)).ToList();
            if (series.Count > 0) sb.Append(SvgCharts.Histogram($"{m} per item", series, 0, m == "bleu" ? 100 : 1));
        }
    }

    private static void Comparisons(StringBuilder sb, EvaluationReport r)
    {
        var comps = r.Comparisons();
        if (comps.Count == 0) return;
        sb.Append("<h2>Compared with ").Append(E(r.Systems[0].Name)).Append("</h2><table><tr><th>system</th><th>metric</th><th>mean difference</th><th>95% CI</th></tr>");
        foreach (var (sys, metric, d) in comps)
            sb.Append("<tr><td>").Append(E(sys)).Append("</td><td>").Append(metric).Append("</td><td>").Append(N(d.Estimate)).Append("</td><td>[")
              .Append(N(d.Lower)).Append(", ").Append(N(d.Upper)).Append("]</td></tr>");
        sb.Append("</table>\n");
        var sig = r.Significance();
        if (sig.Count == 0) return;
        sb.Append("<h2>Significance against ").Append(E(r.Systems[0].Name)).Append("</h2><table><tr><th>system</th><th>metric</th><th>")
          .Append(E(r.Systems[0].Name)).Append("</th><th>system</th><th>p (paired bootstrap)</th><th>p (approximate randomization)</th></tr>");
        foreach (var (sys, c) in sig)
            sb.Append("<tr><td>").Append(E(sys)).Append("</td><td>").Append(E(c.Metric)).Append("</td><td>").Append(N(c.Baseline)).Append("</td><td>").Append(N(c.System))
              .Append("</td><td>").Append(N(c.Bootstrap.PValue)).Append(Star(c.Bootstrap.PValue)).Append("</td><td>").Append(N(c.Randomization.PValue)).Append(Star(c.Randomization.PValue)).Append("</td></tr>");
        sb.Append("</table><p class=\"note\">sacrebleu's paired tests (").Append(PairedSignificanceNote).Append("); * p &lt; 0.05.</p>\n");
    }

    private const string PairedSignificanceNote = "1000 bootstrap resamples, 10000 randomization trials, seeded";

    private static string Star(double p) => p < 0.05 ? "*" : "";

    private static void McqSection(StringBuilder sb, EvaluationReport r)
    {
        foreach (var b in r.Mcq)
        {
            sb.Append("<h2>Multiple choice: ").Append(E(b.Benchmark)).Append("</h2><table><tr><th>system</th><th>items</th><th>acc</th><th>acc_norm</th></tr>");
            foreach (var s in b.Systems)
                sb.Append("<tr><td>").Append(E(s.System)).Append("</td><td>").Append(s.Predictions.Count).Append("</td><td>").Append(N(s.Acc.Estimate))
                  .Append(" <small>[").Append(N(s.Acc.Lower, "0.000")).Append(", ").Append(N(s.Acc.Upper, "0.000")).Append("]</small></td><td>").Append(N(s.AccNorm.Estimate))
                  .Append(" <small>[").Append(N(s.AccNorm.Lower, "0.000")).Append(", ").Append(N(s.AccNorm.Upper, "0.000")).Append("]</small></td></tr>");
            sb.Append("</table>");
            var sig = b.Significance(r.Seed);
            if (sig.Count > 0)
            {
                sb.Append("<table><tr><th>system</th><th>metric</th><th>difference</th><th>p (paired bootstrap)</th><th>p (approximate randomization)</th></tr>");
                foreach (var (sys, metric, bs, ar) in sig)
                    sb.Append("<tr><td>").Append(E(sys)).Append("</td><td>").Append(metric).Append("</td><td>").Append(N(bs.Delta)).Append("</td><td>").Append(N(bs.PValue))
                      .Append(Star(bs.PValue)).Append("</td><td>").Append(N(ar.PValue)).Append(Star(ar.PValue)).Append("</td></tr>");
                sb.Append("</table>");
            }
            sb.Append(SvgCharts.Bars("accuracy", ["acc", "acc_norm"], b.Systems.Select(s => (s.System, (IReadOnlyList<double>)[s.Acc.Estimate, s.AccNorm.Estimate])).ToList()));
            sb.Append("<p class=\"note\">Scored as lm-evaluation-harness: acc = argmax of the summed log-likelihood of \" \" + choice, acc_norm = argmax of that divided by the choice's length in characters. Brackets: 95% bootstrap intervals.</p>\n");
        }
    }

    private static void SafetySection(StringBuilder sb, EvaluationReport r)
    {
        if (r.Safety is not { } s) return;
        sb.Append("<h2>Safety: ").Append(s.Passed ? "all " + s.Cases.Count + " cases pass" : s.Failures + " of " + s.Cases.Count + " cases fail").Append("</h2>");
        if (!s.RedFlagNotices) sb.Append("<p class=\"note\">Run with the urgent notices switched off.</p>");
        sb.Append("<table><tr><th>case</th><th>lang</th><th>result</th><th>checks</th><th>rubric</th></tr>");
        foreach (var c in s.Cases)
            sb.Append("<tr><td>").Append(E(c.Case.Id)).Append("</td><td>").Append(E(c.Case.Lang)).Append("</td><td>").Append(c.Passed ? "pass" : "<b>FAIL</b>")
              .Append("</td><td style=\"text-align:left\">").Append(string.Join("<br>", c.Checks.Select(k => (k.Passed ? "✓ " : "✗ ") + E(Safety.SafetyReport.Name(k.Expectation) + ": " + k.Detail))))
              .Append("</td><td>").Append(N(c.RubricScore, "0.00")).Append("</td></tr>");
        sb.Append("</table><p class=\"note\">Each case in a fresh triage session; prompts, replies, checks and any judge prompts and answers are in safety.jsonl.</p>\n");
    }

    private static void Robustness(StringBuilder sb, EvaluationReport r)
    {
        if (r.Robustness.Count == 0) return;
        sb.Append("<h2>Robustness (drop under perturbation; positive = worse)</h2><table><tr><th>system</th><th>perturbation</th>");
        var keys = r.Robustness[0].Result.Drops.Keys.ToList();
        foreach (var k in keys) sb.Append("<th>").Append(k).Append("</th>");
        sb.Append("</tr>");
        foreach (var (sys, res) in r.Robustness)
        {
            sb.Append("<tr><td>").Append(E(sys)).Append("</td><td>").Append(res.Kind).Append("</td>");
            foreach (var k in keys) sb.Append("<td>").Append(N(res.Drops[k])).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table>\n");
    }

    private static void Review(StringBuilder sb, EvaluationReport r)
    {
        if (r.Review is not { } rev) return;
        sb.Append("<h2>Doctor review</h2><p>Reviewers: ").Append(E(string.Join(", ", rev.Reviewers))).Append("</p><table><tr><th>system</th>");
        foreach (var c in MedMLNet.Evaluation.Review.Rubric.Criteria) sb.Append("<th>").Append(c).Append("</th>");
        sb.Append("</tr>");
        foreach (var (sys, crit) in rev.Means)
        {
            sb.Append("<tr><td>").Append(E(sys)).Append("</td>");
            foreach (var c in MedMLNet.Evaluation.Review.Rubric.Criteria)
                sb.Append("<td>").Append(crit.TryGetValue(c, out var ci) ? $"{N(ci.Estimate, "0.00")} <small>[{N(ci.Lower, "0.00")}, {N(ci.Upper, "0.00")}]</small>" : "–").Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table><table><tr><th>criterion</th><th>Krippendorff α ordinal</th><th>α interval</th><th>Fleiss κ</th><th>mean Cohen κ (quadratic)</th></tr>");
        foreach (var a in rev.Agreement)
            sb.Append("<tr><td>").Append(a.Criterion).Append("</td><td>").Append(N(a.KrippendorffOrdinal, "0.000")).Append("</td><td>").Append(N(a.KrippendorffInterval, "0.000"))
              .Append("</td><td>").Append(N(a.FleissKappa, "0.000")).Append("</td><td>").Append(N(a.MeanPairwiseCohenQuadratic, "0.000")).Append("</td></tr>");
        sb.Append("</table><h3>Answers flagged unsafe (").Append(rev.Unsafe.Count).Append(")</h3><ul>");
        foreach (var u in rev.Unsafe)
            sb.Append("<li>").Append(E(u.ItemId)).Append(" — ").Append(E(u.System)).Append(" (").Append(E(string.Join(", ", u.Reviewers))).Append(")")
              .Append(u.Comments.Count > 0 ? ": " + E(string.Join(" | ", u.Comments)) : "").Append("</li>");
        sb.Append("</ul>\n");
    }
}
