using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class EvalVerbTests
{
    private static void WriteChats(string path, int n, int offset = 0) =>
        File.WriteAllLines(path, Enumerable.Range(offset, n).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"fever {i}?" }, new { role = "assistant", content = "rest, fluids" } }, id = $"r{i}", source = "t",
        })));

    [Fact]
    public async Task EvalWritesPredictionsMetricsReportAndReviewPackForBaseAndFineTuned()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        WriteChats(dir.File("train.jsonl"), 8);
        WriteChats(dir.File("test.jsonl"), 4, offset: 100);
        var adapter = Path.Combine(dir.Path, "lora");
        var (exit, _, err) = await CliRunner.Run("train", "--model", baseDir, "--data", dir.File("train.jsonl"), "--max-steps", "2", "--batch-size", "4", "--lr", "1e-2", "--output", adapter);
        Assert.True(exit == 0, err);
        var outDir = Path.Combine(dir.Path, "eval");
        (exit, var stdout, err) = await CliRunner.Run("eval", "--model", baseDir, "--adapter", adapter, "--data", dir.File("test.jsonl"), "--max-new-tokens", "4", "--output", outDir, "--json");
        Assert.True(exit == 0, err);
        var summary = JsonDocument.Parse(stdout).RootElement.GetProperty("systems");
        Assert.Equal(4, summary.GetProperty("base").GetProperty("items").GetInt32());
        Assert.True(summary.GetProperty("fine-tuned").GetProperty("perplexity").GetDouble() > 1);
        var lines = File.ReadAllLines(Path.Combine(outDir, "predictions.jsonl"));
        Assert.Equal(4, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("rest, fluids", first.GetProperty("reference").GetString());
        Assert.True(first.GetProperty("systems").TryGetProperty("fine-tuned", out _));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "report.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "metrics.json")));
        foreach (var f in new[] { "review.csv", "review.html", "review_key.json" }) Assert.True(File.Exists(Path.Combine(outDir, "review", f)), f);
    }

    [Fact]
    public async Task RobustnessReportsTheDropOfEachMetricPerPerturbation()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(Path.Combine(dir.Path, "base"));
        WriteChats(dir.File("test.jsonl"), 3);
        var outDir = Path.Combine(dir.Path, "eval");
        var (exit, _, err) = await CliRunner.Run("eval", "--model", baseDir, "--data", dir.File("test.jsonl"), "--max-new-tokens", "3", "--robustness", "--output", outDir);
        Assert.True(exit == 0, err);
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json"))).RootElement;
        var robustness = metrics.GetProperty("robustness");
        Assert.Equal(MedMLNet.Evaluation.Robustness.TextPerturber.All.Length, robustness.GetArrayLength());
        Assert.Contains("Robustness", File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MalformedTestDataIsAUserErrorWithItsLine()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("test.jsonl"), "{\"messages\": []}\n");
        var (exit, _, err) = await CliRunner.Run("eval", "--model", dir.Path, "--data", dir.File("test.jsonl"), "--output", dir.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("test.jsonl:1", err);
    }
}
