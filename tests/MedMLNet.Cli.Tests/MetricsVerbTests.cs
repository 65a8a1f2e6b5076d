using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class MetricsVerbTests
{
    // sacrebleu's test_bleu.py: three hypotheses, two reference streams
    private static readonly string[] Hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
    private static readonly string[][] Refs =
    [
        ["The dog bit the man.", "The dog had bit the man."],
        ["It was not unexpected.", "No one was surprised."],
        ["The man bit him first.", "The man had bitten the dog."],
    ];

    private static void WritePairs(string path, IReadOnlyList<string> hyps) =>
        File.WriteAllLines(path, hyps.Select((h, i) => JsonSerializer.Serialize(new { id = $"s{i}", hypothesis = h, references = Refs[i] })));

    [Fact]
    public async Task MetricsScoresEveryReferenceAsSacrebleuAndRougeScoreDo()
    {
        using var dir = RepoPaths.TempDir();
        WritePairs(dir.File("pairs.jsonl"), Hyps);
        var (exit, _, err) = await CliRunner.Run("metrics", "--input", dir.File("pairs.jsonl"), "--output", dir.File("scores.jsonl"), "--summary", dir.File("summary.json"),
            "--metrics", "bleu,chrf,ter,rouge", "--no-stemmer", "--bootstrap", "200");
        Assert.True(exit == 0, err);
        var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json"))).RootElement;
        // sacrebleu test_corpus_bleu: 48.530827 with both reference streams
        Assert.True(Math.Abs(summary.GetProperty("corpus_bleu").GetProperty("en").GetProperty("score").GetDouble() - 48.530827) < 1e-6);
        Assert.True(summary.GetProperty("corpus_chrf").GetProperty("en").GetDouble() > 0);
        Assert.True(summary.GetProperty("corpus_ter").GetProperty("en").GetProperty("score").GetDouble() > 0);
        var lsum = summary.GetProperty("rouge_bootstrap").GetProperty("rougeLsum");
        Assert.True(lsum.GetProperty("low").GetProperty("f").GetDouble() <= lsum.GetProperty("mid").GetProperty("f").GetDouble());
        Assert.True(lsum.GetProperty("mid").GetProperty("f").GetDouble() <= lsum.GetProperty("high").GetProperty("f").GetDouble());
        var third = JsonDocument.Parse(File.ReadAllLines(dir.File("scores.jsonl"))[2]).RootElement;
        // rouge-score score_multi: the second reference wins, 4 of 6 unigrams each way
        Assert.Equal(4.0 / 6, third.GetProperty("rouge1").GetProperty("f").GetDouble(), 12);
        Assert.False(third.TryGetProperty("meteor", out _));
        Assert.True(third.TryGetProperty("chrf", out _) && third.TryGetProperty("ter", out _));
    }

    [Fact]
    public async Task MetricsTokenizeAndSmoothingOptionsReachBleu()
    {
        using var dir = RepoPaths.TempDir();
        WritePairs(dir.File("pairs.jsonl"), Hyps);
        var (exit, _, err) = await CliRunner.Run("metrics", "--input", dir.File("pairs.jsonl"), "--output", dir.File("scores.jsonl"), "--summary", dir.File("summary.json"),
            "--metrics", "bleu", "--tokenize", "intl");
        Assert.True(exit == 0, err);
        var bleu = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json"))).RootElement.GetProperty("corpus_bleu").GetProperty("en").GetProperty("score").GetDouble();
        Assert.True(Math.Abs(bleu - 43.91623493) < 1e-6);   // sacrebleu test_corpus_bleu, tokenize intl
        (exit, _, err) = await CliRunner.Run("metrics", "--input", dir.File("pairs.jsonl"), "--output", dir.File("scores.jsonl"), "--smooth-method", "laplace");
        Assert.Equal(1, exit);
        Assert.Contains("--smooth-method", err);
        (exit, _, err) = await CliRunner.Run("metrics", "--input", dir.File("pairs.jsonl"), "--output", dir.File("scores.jsonl"), "--tokenize", "moses");
        Assert.Equal(1, exit);
        Assert.Contains("--tokenize", err);
    }

    [Fact]
    public async Task CompareGivesPairedBootstrapAndRandomizationPValues()
    {
        using var dir = RepoPaths.TempDir();
        WritePairs(dir.File("a.jsonl"), ["a cat", "nothing at all", "the weather"]);
        WritePairs(dir.File("b.jsonl"), Hyps);
        var (exit, stdout, err) = await CliRunner.Run("metrics", "compare", "--a", dir.File("a.jsonl"), "--b", dir.File("b.jsonl"), "--metrics", "bleu,chrf,rouge",
            "--paired-ar-n", "500", "--output", dir.File("compare.json"));
        Assert.True(exit == 0, err);
        var metrics = JsonDocument.Parse(stdout).RootElement.GetProperty("metrics");
        var bleu = metrics.GetProperty("corpus_bleu_en");
        Assert.True(Math.Abs(bleu.GetProperty("b").GetDouble() - 48.530827) < 1e-6);
        foreach (var m in new[] { "corpus_bleu_en", "corpus_chrf_en", "rougeL" })
            foreach (var test in new[] { "paired_bootstrap", "approximate_randomization" })
            {
                var p = metrics.GetProperty(m).GetProperty(test).GetProperty("p_value").GetDouble();
                Assert.True(p is > 0 and <= 1, $"{m} {test} p {p}");
            }
        Assert.Equal(500, metrics.GetProperty("rougeL").GetProperty("approximate_randomization").GetProperty("trials").GetInt32());
        Assert.True(File.Exists(dir.File("compare.json")));
        // different items cannot be paired
        WritePairs(dir.File("c.jsonl"), Hyps.Take(2).ToList());
        (exit, _, err) = await CliRunner.Run("metrics", "compare", "--a", dir.File("a.jsonl"), "--b", dir.File("c.jsonl"), "--metrics", "bleu");
        Assert.Equal(1, exit);
        Assert.Contains("same ids", err);
    }
}
