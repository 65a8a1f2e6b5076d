using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>The README's main job, as written: on the bundled data and default model the fine-tuned model must beat the base.</summary>
public class DemoVerbTests
{
    [Fact]
    public async Task DemoFineTunesBeatsTheBaseOnTheHeldOutSplitAndWritesEveryArtifact()
    {
        using var dir = RepoPaths.TempDir();
        var outDir = Path.Combine(dir.Path, "demo");
        var (exit, stdout, err) = await CliRunner.Run("demo", "--model", Path.Combine(RepoPaths.Root, "data/models/tiny-med-llama3"),
            "--data-root", Path.Combine(RepoPaths.Root, "data"), "--output", outDir);
        Assert.True(exit == 0, err + stdout);
        foreach (var f in new[] { "report.html", "metrics.json", "predictions.jsonl", "triage.zip", "adapter/adapter_model.safetensors", "adapter/adapter_config.json", "review/review.html", "data/test.jsonl" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.Contains("saved and reloaded the ML.NET model", stdout);
        Assert.Contains("A:", stdout);

        var systems = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json"))).RootElement.GetProperty("systems");
        var (baseline, tuned) = (Find(systems, "base"), Find(systems, "fine-tuned"));
        Assert.True(Metric(tuned, "bleu") > Metric(baseline, "bleu"), "BLEU");
        Assert.True(Metric(tuned, "rougeL") > Metric(baseline, "rougeL"), "ROUGE-L");
        Assert.True(Metric(tuned, "perplexity") < Metric(baseline, "perplexity"), "perplexity");
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("loss curves", html);
        Assert.Contains("<polyline", html);
    }

    private static JsonElement Find(JsonElement systems, string name) => systems.GetProperty(name);

    /// <summary>bleu (mean sentence BLEU), rougeL (F) or perplexity (under "extra") of a system in metrics.json.</summary>
    private static double Metric(JsonElement system, string name) => name switch
    {
        "rougeL" => system.GetProperty("rougeL").GetProperty("f").GetDouble(),
        "perplexity" => system.GetProperty("extra").GetProperty("perplexity").GetDouble(),
        _ => system.GetProperty(name).GetDouble(),
    };
}
