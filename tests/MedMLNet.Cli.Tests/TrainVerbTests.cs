using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>`train` end to end on a byte-level model the test builds (256 bytes + 256 Llama 3 special tokens).</summary>
public class TrainVerbTests
{
    private static void WriteChats(string path, int n) =>
        File.WriteAllLines(path, Enumerable.Range(0, n).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"fever {i}?" }, new { role = "assistant", content = "rest, fluids" } },
        })));

    [Theory]
    [InlineData("lora", "adapter_model.safetensors")]
    [InlineData("prefix", "adapter_model.safetensors")]
    [InlineData("full", "model.safetensors")]
    public async Task TrainWritesTheOutputFolderAndItsLog(string method, string weightsFile)
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        WriteChats(dir.File("train.jsonl"), 12);
        WriteChats(dir.File("val.jsonl"), 4);
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run("train", "--model", baseDir, "--data", dir.File("train.jsonl"), "--validation", dir.File("val.jsonl"),
            "--method", method, "--max-steps", "4", "--batch-size", "4", "--lr", "1e-2", "--virtual-tokens", "4", "--output", outDir);
        Assert.True(exit == 0, err + stdout);
        Assert.True(File.Exists(Path.Combine(outDir, weightsFile)));
        var log = File.ReadAllLines(Path.Combine(outDir, "training_log.jsonl"));
        Assert.Equal(4, log.Length);
        Assert.True(JsonDocument.Parse(log[^1]).RootElement.GetProperty("validation_loss").GetDouble() > 0);
        if (method != "full")
        {
            var (e2, _, err2) = await CliRunner.Run("generate", "--model", baseDir, "--adapter", outDir, "--prompt", "fever?", "--max-new-tokens", "3", "--json");
            Assert.True(e2 == 0, err2);
        }
    }

    [Fact]
    public async Task UnknownTargetModuleListsTheValidOnes()
    {
        using var dir = RepoPaths.TempDir();
        WriteChats(dir.File("train.jsonl"), 2);
        var (exit, _, err) = await CliRunner.Run("train", "--model", dir.Path, "--data", dir.File("train.jsonl"), "--target-modules", "query_key_value", "--output", dir.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("query_key_value", err);
        Assert.Contains("q_proj", err);
    }

    [Fact]
    public async Task MalformedDataLineIsReportedWithItsNumber()
    {
        using var dir = RepoPaths.TempDir();
        TinyCheckpoint.Make(dir.Path);
        File.WriteAllLines(dir.File("train.jsonl"), ["{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}", "{not json"]);
        var (exit, _, err) = await CliRunner.Run("train", "--model", dir.Path, "--data", dir.File("train.jsonl"), "--output", dir.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("train.jsonl:2", err);
    }
}
