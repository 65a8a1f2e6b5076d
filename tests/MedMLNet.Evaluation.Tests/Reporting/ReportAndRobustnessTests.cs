using System.Text.Json;
using MedMLNet.Evaluation.IO;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Evaluation.Robustness;
using MedMLNet.Evaluation.Tests.Metrics;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests.Reporting;

public class ReportAndRobustnessTests
{
    private static List<EvalItem> GoldenItems() => Golden.Lines.Values
        .OrderBy(g => g.GetProperty("id").GetString(), StringComparer.Ordinal)
        .Select(g => new EvalItem(g.GetProperty("id").GetString()!, g.Hypothesis(), g.References(), g.Lang())).ToList();

    [Fact]
    public void PerturbationsAreSeededAndDoWhatTheySay()
    {
        const string en = "Take paracetamol for the fever, and see a doctor if the headache lasts.";
        var p = new TextPerturber(seed: 9, rate: 0.5);
        foreach (var kind in TextPerturber.All) Assert.Equal(p.Apply(en, kind), new TextPerturber(9, 0.5).Apply(en, kind));
        Assert.NotEqual(en, p.Apply(en, Perturbation.Typos));
        Assert.Equal(en.ToLowerInvariant(), p.Apply(en, Perturbation.Casing).ToLowerInvariant());
        Assert.DoesNotContain(",", p.Apply(en, Perturbation.MissingPunctuation));
        Assert.Equal("Ｔａｋｅ　２", TextPerturber.FullWidth("Take 2"));
        Assert.Equal(PyTextSplit(en), PyTextSplit(p.Apply(en, Perturbation.ExtraWhitespace)));
        Assert.Matches("[\u4e00-\u9fff]", p.Apply(en, Perturbation.MixedChineseEnglish));
        Assert.Matches("[a-z]", p.Apply("孩子发烧了，需要看医生吗？", Perturbation.MixedChineseEnglish));
    }

    private static List<string> PyTextSplit(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    [Fact]
    public void ReportWritesSelfContainedHtmlAndMetricsJson()
    {
        // corpus.json is corpus BLEU over the first references (its README): score those
        var items = GoldenItems().Select(i => i with { References = [i.References[0]] }).ToList();
        var suite = new MetricSuite(TestWordNet.Database);
        // The "fine-tuned" system answers with the reference itself: every paired difference is ≥ 0.
        var tuned = items.Select(i => i with { Hypothesis = i.References[0] }).ToList();
        var report = new EvaluationReport("test")
            .Add(SystemResult.Evaluate("base", items, suite, new Dictionary<string, double> { ["perplexity"] = 12.5 }, resamples: 100))
            .Add(SystemResult.Evaluate("tuned", tuned, suite, new Dictionary<string, double> { ["perplexity"] = 6.25 }, resamples: 100));
        var clean = report.Systems[0].Summary;
        var perturber = new TextPerturber(1);
        var noisy = items.Select(i => i with { Hypothesis = perturber.Apply(i.Hypothesis, Perturbation.Typos) }).ToList();
        report.AddRobustness("base", new RobustnessResult(Perturbation.Typos, clean, MetricSuite.Summarize(noisy, suite.ScoreAll(noisy))));
        using var dir = RepoPaths.TempDir();
        var (json, html) = report.WriteTo(dir.Path);
        var doc = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        var corpusEn = doc.GetProperty("systems").GetProperty("base").GetProperty("corpus_bleu").GetProperty("en").GetProperty("score").GetDouble();
        Assert.Equal(Golden.Corpus.GetProperty("en").GetProperty("score").GetDouble(), corpusEn, 6);
        Assert.Equal(12.5, doc.GetProperty("systems").GetProperty("base").GetProperty("extra").GetProperty("perplexity").GetDouble());
        Assert.All(doc.GetProperty("comparisons").EnumerateArray(), c => Assert.True(c.GetProperty("difference").GetProperty("mean").GetDouble() >= 0));
        var significance = doc.GetProperty("significance").EnumerateArray().ToList();
        Assert.Contains(significance, c => c.GetProperty("metric").GetString() == "corpus_bleu_en" && c.GetProperty("paired_bootstrap").GetProperty("p_value").GetDouble() < 0.05);
        Assert.All(significance, c => Assert.InRange(c.GetProperty("approximate_randomization").GetProperty("p_value").GetDouble(), 1e-9, 1));
        Assert.True(doc.GetProperty("robustness")[0].GetProperty("drop").GetProperty("bleu").GetDouble() > 0);
        var text = File.ReadAllText(html);
        Assert.Contains("<svg", text);
        Assert.DoesNotContain("<script", text);
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", text);
    }

    [Fact]
    public void DuplicateItemIdsArePairedByPositionNotRejected()
    {
        // Test sets merged from several datasets can repeat ids; the comparison pairs item i of each system.
        var items = GoldenItems().Take(6).Select((item, i) => item with { Id = $"dup{i % 2}" }).ToList();
        var suite = new MetricSuite(TestWordNet.Database);
        var tuned = items.Select(i => i with { Hypothesis = i.References[0] }).ToList();
        var report = new EvaluationReport("dups")
            .Add(SystemResult.Evaluate("base", items, suite, new Dictionary<string, double>(), resamples: 50))
            .Add(SystemResult.Evaluate("tuned", tuned, suite, new Dictionary<string, double>(), resamples: 50));
        var comparisons = report.Comparisons();
        Assert.NotEmpty(comparisons);
        // Every tuned answer is its reference: each paired difference is ≥ 0, so the mean is too.
        Assert.All(comparisons, c => Assert.True(c.Difference.Estimate >= 0, $"{c.Metric}: {c.Difference.Estimate}"));
    }

    [Fact]
    public void MetricsRunWritesTheCommandLineContract()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllLines(dir.File("pairs.jsonl"),
        [
            """{"id": "a", "hypothesis": "Rest and drink fluids.", "references": ["Rest and drink fluids."]}""",
            """{"id": 2, "hypothesis": "多喝水", "references": ["多喝水，注意休息"], "lang": "zh"}""",
        ]);
        var result = MetricsRun.Run(dir.File("pairs.jsonl"), dir.File("scores.jsonl"), dir.File("summary.json"), new MetricSuite(TestWordNet.Database));
        Assert.Equal(2, result.Items);
        var lines = File.ReadAllLines(dir.File("scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "2"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["id", "bleu", "rouge1", "rouge2", "rougeL", "rougeLsum", "meteor"], lines[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0, lines[0].GetProperty("rougeL").GetProperty("f").GetDouble());
        var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json"))).RootElement;
        Assert.True(summary.GetProperty("corpus_bleu").TryGetProperty("zh", out _));
        Assert.Equal(5, summary.GetProperty("corpus_bleu").GetProperty("en").GetProperty("sys_len").GetInt32());
        File.WriteAllText(dir.File("bad.jsonl"), """{"id": "x", "hypothesis": "h", "references": []}""");
        var e = Assert.Throws<InvalidDataException>(() => MetricsRun.Run(dir.File("bad.jsonl"), dir.File("o.jsonl"), null, new MetricSuite(null)));
        Assert.Contains("bad.jsonl:1", e.Message);
        // A repeated key: which hypothesis would be scored is ambiguous, so the line is refused.
        File.WriteAllText(dir.File("dup.jsonl"), """{"id": "x", "hypothesis": "good", "hypothesis": "bad", "references": ["good"]}""");
        e = Assert.Throws<InvalidDataException>(() => MetricsRun.Run(dir.File("dup.jsonl"), dir.File("o.jsonl"), null, new MetricSuite(null)));
        Assert.Contains("dup.jsonl:1", e.Message);
        Assert.Contains("hypothesis", e.Message);
    }

    [Fact]
    public void MissingWordNetSaysHowToInstall()
    {
        using var dir = RepoPaths.TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => MedMLNet.Evaluation.WordNet.WordNetLocator.Open(dir.Path));
        Assert.Contains("medmlnet wordnet install", e.Message);
    }
}
