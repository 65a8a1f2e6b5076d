using System.Text.Json;
using MedMLNet.Evaluation.IO;
using MedMLNet.Evaluation.Stats;

namespace MedMLNet.Evaluation.Review;

/// <summary>JSON and plain-text renderings of a <see cref="ReviewReport"/> (NaN agreement → null).</summary>
public static class ReviewReportJson
{
    /// <summary>The report as an indented JSON document.</summary>
    public static string ToJson(ReviewReport r) => MetricsJson.Write(w =>
    {
        w.WriteStartObject();
        Write(w, r);
        w.WriteEndObject();
    }, indented: true);

    /// <summary>Writes the report's properties into an open JSON object.</summary>
    public static void Write(Utf8JsonWriter w, ReviewReport r)
    {
        w.WriteStartArray("reviewers");
        foreach (var x in r.Reviewers) w.WriteStringValue(x);
        w.WriteEndArray();
        w.WriteStartObject("means");
        foreach (var (sys, crit) in r.Means)
        {
            w.WriteStartObject(sys);
            foreach (var (c, ci) in crit) { w.WritePropertyName(c); WriteCi(w, ci); }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("agreement");
        foreach (var a in r.Agreement)
        {
            w.WriteStartObject(a.Criterion);
            Num(w, "krippendorff_alpha_ordinal", a.KrippendorffOrdinal);
            Num(w, "krippendorff_alpha_interval", a.KrippendorffInterval);
            Num(w, "fleiss_kappa", a.FleissKappa);
            Num(w, "mean_pairwise_cohen_kappa_quadratic", a.MeanPairwiseCohenQuadratic);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("unsafe");
        foreach (var u in r.Unsafe)
        {
            w.WriteStartObject();
            w.WriteString("item_id", u.ItemId);
            w.WriteString("system", u.System);
            w.WriteStartArray("reviewers");
            foreach (var x in u.Reviewers) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteStartArray("comments");
            foreach (var x in u.Comments) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>{"mean","lower","upper","level"}.</summary>
    public static void WriteCi(Utf8JsonWriter w, ConfidenceInterval ci)
    {
        w.WriteStartObject();
        Num(w, "mean", ci.Estimate);
        Num(w, "lower", ci.Lower);
        Num(w, "upper", ci.Upper);
        w.WriteNumber("level", ci.Level);
        w.WriteEndObject();
    }

    /// <summary>A number, or null when NaN/infinite.</summary>
    public static void Num(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    /// <summary>A short human-readable summary for the console.</summary>
    public static string ToText(ReviewReport r)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"reviewers: {string.Join(", ", r.Reviewers)}");
        foreach (var (sys, crit) in r.Means)
            sb.AppendLine($"{sys}: " + string.Join("  ", crit.Select(kv => $"{kv.Key} {kv.Value.Estimate:F2} [{kv.Value.Lower:F2}, {kv.Value.Upper:F2}]")));
        foreach (var a in r.Agreement)
            sb.AppendLine($"agreement {a.Criterion}: α(ordinal) {a.KrippendorffOrdinal:F3}  α(interval) {a.KrippendorffInterval:F3}  Fleiss κ {a.FleissKappa:F3}  Cohen κw {a.MeanPairwiseCohenQuadratic:F3}");
        sb.AppendLine($"unsafe answers: {r.Unsafe.Count}");
        foreach (var u in r.Unsafe) sb.AppendLine($"  {u.ItemId} ({u.System}) flagged by {string.Join(", ", u.Reviewers)}");
        return sb.ToString();
    }
}
