using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class EvalMcqVerbTests
{
    [Fact]
    public async Task EvalMcqScoresBaseAndFineTunedSideBySideWithPerItemPredictions()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(Path.Combine(dir.Path, "base"));
        var adapter = TinyLora.Make(baseDir, Path.Combine(dir.Path, "lora"), seed: 4);
        var data = Path.Combine(RepoPaths.Root, "data", "pubmedqa", "ori_pqal-sample.json");
        var outDir = Path.Combine(dir.Path, "mcq");
        var (exit, stdout, err) = await CliRunner.Run("eval-mcq", "--model", baseDir, "--adapter", adapter, "--data", data, "--format", "pubmedqa",
            "--limit", "6", "--fewshot", "1", "--output", outDir, "--json");
        Assert.True(exit == 0, err);
        var systems = JsonDocument.Parse(stdout).RootElement.GetProperty("systems");
        Assert.Equal(6, systems.GetProperty("base").GetProperty("items").GetInt32());
        Assert.Equal(6, systems.GetProperty("fine-tuned").GetProperty("items").GetInt32());
        var lines = File.ReadAllLines(Path.Combine(outDir, "mcq_predictions.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        foreach (var system in new[] { "base", "fine-tuned" })
        {
            // acc is the mean over items of argmax(loglikelihoods) == gold
            var hits = lines.Select(l =>
            {
                var lls = l.GetProperty("systems").GetProperty(system).GetProperty("loglikelihoods").EnumerateArray().Select(x => x.GetDouble()).ToList();
                Assert.Equal(3, lls.Count);
                Assert.All(lls, ll => Assert.True(ll < 0));
                return lls.IndexOf(lls.Max()) == l.GetProperty("gold").GetInt32() ? 1.0 : 0.0;
            }).Average();
            Assert.Equal(hits, systems.GetProperty(system).GetProperty("acc").GetDouble(), 12);
        }
        Assert.NotEqual(
            lines[0].GetProperty("systems").GetProperty("base").GetProperty("loglikelihoods")[0].GetDouble(),
            lines[0].GetProperty("systems").GetProperty("fine-tuned").GetProperty("loglikelihoods")[0].GetDouble());
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json"))).RootElement;
        Assert.Equal(2, metrics.GetProperty("mcq")[0].GetProperty("significance").GetArrayLength());
        Assert.Contains("Multiple choice", File.ReadAllText(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public async Task EvalMcqNamesAnUnknownFormat()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(Path.Combine(dir.Path, "base"));
        File.WriteAllText(dir.File("x.jsonl"), "{}\n");
        var (exit, _, err) = await CliRunner.Run("eval-mcq", "--model", baseDir, "--data", dir.File("x.jsonl"), "--format", "usmle");
        Assert.Equal(1, exit);
        Assert.Contains("--format", err);
    }
}
