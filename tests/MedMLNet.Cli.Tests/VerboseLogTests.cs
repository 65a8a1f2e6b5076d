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
    public async Task HelpListsEveryVerbWithExamples()
    {
        var (exit, stdout, _) = await CliRunner.Run("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "prepare", "train", "merge", "metrics", "review", "generate", "logits", "tokenize", "chat-template", "doctor", "init" })
            Assert.Contains(verb, stdout);
    }
}
