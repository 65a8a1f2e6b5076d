using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class EvalReportSectionsTests
{
    [Fact]
    public async Task EvalReportShowsSignificanceMultipleChoiceAndSafetyWhenAskedFor()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(Path.Combine(dir.Path, "base"), maxPositions: 1024);
        var adapter = TinyLora.Make(baseDir, Path.Combine(dir.Path, "lora"), seed: 5);
        File.WriteAllLines(dir.File("test.jsonl"), Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"fever {i}?" }, new { role = "assistant", content = "rest, fluids" } }, id = $"r{i}", source = "t",
        })));
        var outDir = Path.Combine(dir.Path, "eval");
        var (exit, stdout, err) = await CliRunner.Run("eval", "--model", baseDir, "--adapter", adapter, "--data", dir.File("test.jsonl"), "--max-new-tokens", "3",
            "--mcq", Path.Combine(RepoPaths.Root, "data", "pubmedqa", "ori_pqal-sample.json"), "--mcq-format", "pubmedqa", "--mcq-limit", "4", "--safety", "--output", outDir, "--json");
        Assert.True(exit == 0, err);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.True(summary.GetProperty("safety").GetProperty("passed").GetBoolean());
        Assert.Equal(2, summary.GetProperty("mcq").GetProperty("acc").EnumerateObject().Count());
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json"))).RootElement;
        Assert.Contains(metrics.GetProperty("significance").EnumerateArray(), s => s.GetProperty("metric").GetString() == "corpus_bleu_en");
        Assert.Equal(4, metrics.GetProperty("mcq")[0].GetProperty("systems").GetProperty("fine-tuned").GetProperty("items").GetInt32());
        Assert.Equal(0, metrics.GetProperty("safety").GetProperty("failures").GetInt32());
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var heading in new[] { "Significance against base", "Multiple choice", "Safety: all" }) Assert.Contains(heading, html);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "mcq_predictions.jsonl")).Length);
        Assert.True(File.ReadAllLines(Path.Combine(outDir, "safety.jsonl")).Length >= 20);
    }
}
