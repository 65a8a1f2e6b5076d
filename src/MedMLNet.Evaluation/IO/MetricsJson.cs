using System.Text;
using System.Text.Json;
using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.IO;

/// <summary>The JSON shapes of <c>medmlnet metrics</c>: one SCORES.jsonl line per item and SUMMARY.json.</summary>
public static class MetricsJson
{
    /// <summary><c>{"id","bleu","rouge1":{"p","r","f"},"rouge2","rougeL","rougeLsum","meteor"}</c> (meteor null when not computed).</summary>
    public static string ScoreLine(ItemScores s) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteNumber("bleu", s.Bleu.Score);
        WriteRouge(w, s.Rouge);
        if (s.Meteor is { } m) w.WriteNumber("meteor", m); else w.WriteNull("meteor");
        w.WriteEndObject();
    });

    /// <summary>SUMMARY.json: count, corpus BLEU per language and the means of the per-item metrics.</summary>
    public static string Summary(MetricsSummary s) => Write(w =>
    {
        w.WriteStartObject();
        WriteSummaryBody(w, s);
        w.WriteEndObject();
    }, indented: true);

    /// <summary>Writes the summary's properties into an open object.</summary>
    public static void WriteSummaryBody(Utf8JsonWriter w, MetricsSummary s)
    {
        w.WriteNumber("count", s.Count);
        w.WriteStartObject("corpus_bleu");
        foreach (var (lang, b) in s.CorpusBleu)
        {
            w.WriteStartObject(lang);
            WriteBleu(w, b);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("bleu", s.MeanBleu);
        WritePrf(w, "rouge1", s.Rouge1);
        WritePrf(w, "rouge2", s.Rouge2);
        WritePrf(w, "rougeL", s.RougeL);
        WritePrf(w, "rougeLsum", s.RougeLsum);
        if (s.Meteor is { } m) w.WriteNumber("meteor", m); else w.WriteNull("meteor");
    }

    /// <summary>score, precisions, bp, sys_len, ref_len (sacrebleu's names).</summary>
    public static void WriteBleu(Utf8JsonWriter w, BleuScore b)
    {
        w.WriteNumber("score", b.Score);
        w.WriteStartArray("precisions");
        foreach (var p in b.Precisions) w.WriteNumberValue(p);
        w.WriteEndArray();
        w.WriteNumber("bp", b.BrevityPenalty);
        w.WriteNumber("sys_len", b.SysLen);
        w.WriteNumber("ref_len", b.RefLen);
    }

    private static void WriteRouge(Utf8JsonWriter w, RougeScore r)
    {
        WritePrf(w, "rouge1", r.Rouge1);
        WritePrf(w, "rouge2", r.Rouge2);
        WritePrf(w, "rougeL", r.RougeL);
        WritePrf(w, "rougeLsum", r.RougeLsum);
    }

    private static void WritePrf(Utf8JsonWriter w, string name, PrfScore s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("p", s.P);
        w.WriteNumber("r", s.R);
        w.WriteNumber("f", s.F);
        w.WriteEndObject();
    }

    /// <summary>Runs <paramref name="body"/> against a UTF-8 JSON writer and returns the text.</summary>
    public static string Write(Action<Utf8JsonWriter> body, bool indented = false)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body(w);
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
