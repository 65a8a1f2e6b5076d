using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>`init` then `train --objective text`: how the default model is made, on a byte-level tokenizer.</summary>
public class PretrainingVerbTests
{
    private static string Architecture(string dir, int vocab)
    {
        var path = Path.Combine(dir, "arch.json");
        File.WriteAllText(path, new JsonObject
        {
            ["vocab_size"] = vocab, ["hidden_size"] = 32, ["intermediate_size"] = 64, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2, ["max_position_embeddings"] = 128, ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 500000.0,
            ["tie_word_embeddings"] = true, ["initializer_range"] = 0.02, ["bos_token_id"] = 0, ["eos_token_id"] = 0,
        }.ToJsonString());
        return path;
    }

    [Fact]
    public async Task InitTakesTokenIdsFromTheTokenizerAndPretrainingLowersTheLoss()
    {
        using var dir = RepoPaths.TempDir();
        var tokDir = Path.Combine(dir.Path, "tok");
        TokenizerJsonWriter.Write(tokDir, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(tokDir);
        var init = Path.Combine(dir.Path, "init");
        var (exit, _, err) = await CliRunner.Run("init", "--config", Architecture(dir.Path, tokenizer.VocabSize), "--tokenizer", tokDir, "--output", init);
        Assert.True(exit == 0, err);
        var config = LlamaConfig.Load(Path.Combine(init, "config.json"));
        Assert.Equal(tokenizer.BosId, config.BosTokenId);
        Assert.Contains(tokenizer.SpecialTokens["<|end_of_text|>"], config.EosTokenIds);
        Assert.Contains(tokenizer.SpecialTokens["<|eot_id|>"], config.EosTokenIds);
        Assert.True(File.Exists(Path.Combine(init, "tokenizer.json")));

        File.WriteAllLines(dir.File("corpus.jsonl"), Enumerable.Range(0, 40).Select(i => JsonSerializer.Serialize(new { text = "Take 500 mg twice a day. " })));
        var outDir = Path.Combine(dir.Path, "pretrained");
        (exit, _, err) = await CliRunner.Run("train", "--model", init, "--data", dir.File("corpus.jsonl"), "--objective", "text", "--method", "full",
            "--seq-len", "32", "--batch-size", "8", "--max-steps", "30", "--lr", "1e-2", "--save-dtype", "bfloat16", "--output", outDir);
        Assert.True(exit == 0, err);
        Assert.Contains("packed blocks", err);
        var log = File.ReadAllLines(Path.Combine(outDir, "training_log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("loss").GetDouble()).ToList();
        Assert.True(log[^1] < 0.5 * log[0], $"loss {log[0]} → {log[^1]}");
        Assert.Equal("bfloat16", LlamaConfig.Load(Path.Combine(outDir, "config.json")).TorchDtype);
    }

    [Fact]
    public async Task VocabularyMismatchIsAUserErrorWithTheFix()
    {
        using var dir = RepoPaths.TempDir();
        var tokDir = Path.Combine(dir.Path, "tok");
        TokenizerJsonWriter.Write(tokDir, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var (exit, _, err) = await CliRunner.Run("init", "--config", Architecture(dir.Path, 1000), "--tokenizer", tokDir, "--output", Path.Combine(dir.Path, "o"));
        Assert.Equal(1, exit);
        Assert.Contains("\"vocab_size\": 512", err);
    }

    [Fact]
    public async Task UnknownObjectiveIsAUserError()
    {
        using var dir = RepoPaths.TempDir();
        var (exit, _, err) = await CliRunner.Run("train", "--model", dir.Path, "--data", dir.File("x.jsonl"), "--objective", "mlm", "--output", dir.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("--objective", err);
    }
}
