using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class VerboseLogTests
{
    [Fact]
    public async Task VerboseWritesArgumentsExitCodeAndTheErrorToTheLogFile()
    {
        using var dir = RepoPaths.TempDir();
        var log = dir.File("diag.log");
        var missing = dir.File("nope.jsonl");
        var (exit, _, err) = await CliRunner.Run("redact", "--input", missing, "--output", dir.File("o.jsonl"), "--verbose", log);
        Assert.Equal(1, exit);
        Assert.Contains("nope.jsonl", err);
        var text = File.ReadAllText(log);
        Assert.Contains("medmlnet redact --input", text);
        Assert.Contains("exit 1 after", text);
        Assert.Contains("exception after", text);

        (exit, _, _) = await CliRunner.Run("doctor", "--verbose", log);
        Assert.Equal(0, exit);
        Assert.Contains("exit 0 after", File.ReadAllLines(log)[^1]); // appended, the earlier run kept
        Assert.Contains("exit 1 after", File.ReadAllText(log));
    }

    [Fact]
    public async Task TextArgumentsAreLoggedAsTheirLengthUnlessLogText()
    {
        using var dir = RepoPaths.TempDir();
        var log = dir.File("diag.log");
        const string prompt = "Mr. Albert Finch, phone 212-555-0187, has chest pain";
        var missing = dir.File("no-model");
        var (exit, _, err) = await CliRunner.Run("generate", "--model", missing, "--prompt", prompt, "--verbose", log);
        Assert.Equal(1, exit);
        var text = File.ReadAllText(log);
        Assert.DoesNotContain("Finch", text);
        Assert.Contains($"--prompt <{prompt.Length}-characters>", text);
        Assert.DoesNotContain("Finch", err);

        (exit, _, _) = await CliRunner.Run("generate", "--model", missing, $"--prompt={prompt}", "--verbose", log, "--log-text");
        Assert.Equal(1, exit);
        Assert.Contains(prompt, File.ReadAllText(log));
    }

    [Fact]
    public async Task ErrorMessagesPassThroughTheRedactorUnlessLogText()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("in.jsonl");
        File.WriteAllText(input, "{\"id\": 1, \"question\": \"Call Dr. Albert Finch at 212-555-0187\", \"answer\": 7}\n");
        var (exit, _, err) = await CliRunner.Run("prepare", "--input", input, "--format", "jsonl", "--strict", "--output", dir.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("in.jsonl", err);
        Assert.DoesNotContain("212-555-0187", err);
    }

    [Fact]
    public async Task FileErrorsKeepTheirLongNumbers()
    {
        // A safetensors whose 8-byte header length (2^40) exceeds the file: the message must say how long it claims to be.
        using var dir = RepoPaths.TempDir();
        TinyCheckpoint.Make(dir.Path);
        File.WriteAllBytes(dir.File("model.safetensors"), [.. BitConverter.GetBytes(1L << 40), .. "{}"u8]);
        var (exit, _, err) = await CliRunner.Run("generate", "--model", dir.Path, "--prompt-ids", "1,2", "--max-new-tokens", "1");
        Assert.Equal(1, exit);
        Assert.Contains("1099511627776", err);
    }

    [Fact]
    public async Task HelpListsEveryVerbWithExamples()
    {
        var (exit, stdout, _) = await CliRunner.Run("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "prepare", "train", "merge", "metrics", "review", "generate", "logits", "tokenize", "chat-template", "doctor", "init" })
            Assert.Contains(verb, stdout);
    }
}
