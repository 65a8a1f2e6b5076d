using System.Text;
using System.Text.Json;
using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.IO;

/// <summary>The JSON shapes of <c>medmlnet metrics</c>: one SCORES.jsonl line per item and SUMMARY.json.</summary>
public static class MetricsJson
{
    /// <summary><c>{"id","bleu","rouge1":{"p","r","f"},"rouge2","rougeL","rougeLsum","meteor"}</c> (meteor null when not computed).</summary>
    public static string ScoreLine(ItemScores s) => ScoreLine(s, MetricOptions.Default.Metrics);

    /// <summary>
    /// <c>{"id","bleu","chrf","ter","rouge1":{"p","r","f"},"rouge2","rougeL","rougeLsum","meteor"}</c> with the fields of
    /// <paramref name="metrics"/> (meteor null when asked for but not computed).
    /// </summary>
    public static string ScoreLine(ItemScores s, TextMetrics metrics) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        if (metrics.HasFlag(TextMetrics.Bleu)) w.WriteNumber("bleu", s.Bleu.Score);
        if (s.Chrf is { } c) w.WriteNumber("chrf", c.Score);
        if (s.Ter is { } t) w.WriteNumber("ter", t.Score);
        if (metrics.HasFlag(TextMetrics.Rouge)) WriteRouge(w, s.Rouge);
        if (metrics.HasFlag(TextMetrics.Meteor)) { if (s.Meteor is { } m) w.WriteNumber("meteor", m); else w.WriteNull("meteor"); }
        w.WriteEndObject();
    });

    /// <summary>SUMMARY.json: count, corpus BLEU (chrF, TER) per language, the means of the per-item metrics, ROUGE's bootstrap aggregate.</summary>
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
        if (s.CorpusChrf.Count > 0)
        {
            w.WriteStartObject("corpus_chrf");
            foreach (var (lang, c) in s.CorpusChrf) w.WriteNumber(lang, c.Score);
            w.WriteEndObject();
        }
        if (s.CorpusTer.Count > 0)
        {
            w.WriteStartObject("corpus_ter");
            foreach (var (lang, t) in s.CorpusTer)
            {
                w.WriteStartObject(lang);
                w.WriteNumber("score", t.Score);
                w.WriteNumber("num_edits", t.Edits);
                w.WriteNumber("ref_length", t.RefLength);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteNumber("bleu", s.MeanBleu);
        if (s.MeanChrf is { } chrf) w.WriteNumber("chrf", chrf);
        if (s.MeanTer is { } ter) w.WriteNumber("ter", ter);
        WritePrf(w, "rouge1", s.Rouge1);
        WritePrf(w, "rouge2", s.Rouge2);
        WritePrf(w, "rougeL", s.RougeL);
        WritePrf(w, "rougeLsum", s.RougeLsum);
        if (s.Meteor is { } m) w.WriteNumber("meteor", m); else w.WriteNull("meteor");
        if (s.RougeBootstrap is { } boot)
        {
            w.WriteStartObject("rouge_bootstrap");
            foreach (var (type, a) in boot)
            {
                w.WriteStartObject(type);
                WritePrf(w, "low", a.Low);
                WritePrf(w, "mid", a.Mid);
                WritePrf(w, "high", a.High);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
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
