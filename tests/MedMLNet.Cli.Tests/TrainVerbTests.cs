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
    [InlineData("lora", "adapter_model.safetensors", "--gradient-checkpointing")]
    public async Task TrainWritesTheOutputFolderAndItsLog(string method, string weightsFile, params string[] extra)
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        WriteChats(dir.File("train.jsonl"), 12);
        WriteChats(dir.File("val.jsonl"), 4);
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run(["train", "--model", baseDir, "--data", dir.File("train.jsonl"), "--validation", dir.File("val.jsonl"),
            "--method", method, "--max-steps", "4", "--batch-size", "4", "--lr", "1e-2", "--virtual-tokens", "4", "--output", outDir, .. extra]);
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

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task FullBf16TrainingSavesTheFp32MastersWhenAskedForFloat32(string masterWeights, bool expectFp32Precision)
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        WriteChats(dir.File("train.jsonl"), 8);
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run(["train", "--model", baseDir, "--data", dir.File("train.jsonl"), "--method", "full", "--dtype", "bfloat16",
            "--save-dtype", "float32", "--master-weights", masterWeights, "--max-steps", "2", "--batch-size", "4", "--lr", "1e-3", "--output", outDir]);
        Assert.True(exit == 0, err + stdout);
        // A float32 value that came from bf16 has its low 16 bits zero; a master updated in fp32 almost never does.
        static long Fp32Only(string file)
        {
            using var f = Llama.SafeTensors.SafeTensorsFile.Open(file);
            long count = 0;
            foreach (var name in f.Tensors.Keys)
            {
                using var t = f.Load(name);
                Assert.Equal(TorchSharp.torch.ScalarType.Float32, t.dtype);
                var bytes = t.bytes.ToArray();
                for (var i = 0; i < bytes.Length; i += 4) if (bytes[i] != 0 || bytes[i + 1] != 0) count++;
            }
            return count;
        }
        var saved = Fp32Only(Path.Combine(outDir, "model.safetensors"));
        if (!expectFp32Precision) { Assert.Equal(0, saved); return; }
        Assert.True(saved > 1000, $"only {saved} saved values carry fp32 precision");
        // The resumable checkpoint holds the fp32 masters too.
        Assert.True(Fp32Only(Path.Combine(outDir, "checkpoint", "trainable.safetensors.step2")) > 1000);
    }
}
