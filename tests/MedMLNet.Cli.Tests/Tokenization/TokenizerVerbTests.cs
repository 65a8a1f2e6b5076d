using System.CommandLine;
using System.Text.Json;
using MedMLNet.Cli.Verbs;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests.Tokenization;

/// <summary>The tokenize and chat-template command-line contracts, checked against the shared fixtures with the real vocabulary.</summary>
public sealed class TokenizerVerbTests
{
    private static string RealTokenizer => NpmAssets.Llama3TokenizerDir;

    private static Task<int> Run(params string[] args)
    {
        var root = new RootCommand { new TokenizeVerb().Build(), new ChatTemplateVerb().Build() };
        return CliHost.RunAsync(root, args);
    }

    private static List<JsonElement> Lines(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task TokenizeWritesFixtureIdsInOrder()
    {
        using var dir = RepoPaths.TempDir();
        var cases = Lines(RepoPaths.Fixture("tokenizer", "llama3_cases.jsonl"));
        File.WriteAllLines(dir.File("in.jsonl"), cases.Select(c => JsonSerializer.Serialize(new { text = c.GetProperty("text").GetString() })));

        Assert.Equal(0, await Run("tokenize", "--tokenizer", Path.Combine(RealTokenizer, "tokenizer.json"), "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl")));
        var output = Lines(dir.File("out.jsonl"));
        Assert.Equal(cases.Count, output.Count);
        for (var i = 0; i < cases.Count; i++)
            Assert.Equal(cases[i].GetProperty("ids").GetRawText(), output[i].GetProperty("ids").GetRawText().Replace(" ", ""));
    }

    [Fact]
    public async Task ChatTemplateWritesFixtureTextAndIds()
    {
        using var dir = RepoPaths.TempDir();
        var cases = Lines(RepoPaths.Fixture("tokenizer", "chat_cases.jsonl"));
        File.WriteAllLines(dir.File("in.jsonl"), cases.Select(c =>
            $"{{\"messages\": {c.GetProperty("messages").GetRawText()}, \"add_generation_prompt\": {c.GetProperty("add_generation_prompt").GetRawText()}}}"));

        Assert.Equal(0, await Run("chat-template", "--tokenizer", RealTokenizer, "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl")));
        var output = Lines(dir.File("out.jsonl"));
        Assert.Equal(cases.Count, output.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].GetProperty("text").GetString(), output[i].GetProperty("text").GetString());
            Assert.Equal(cases[i].GetProperty("ids").GetRawText(), output[i].GetProperty("ids").GetRawText());
        }
    }

    [Fact]
    public async Task BadInputIsAUserErrorAndWritesNothing()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("in.jsonl"), "{\"text\": \"ok\"}\n{\"txt\": 1}\n");
        Assert.Equal(CliHost.UserError, await Run("tokenize", "--tokenizer", RealTokenizer, "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl")));
        Assert.False(File.Exists(dir.File("out.jsonl")));
        Assert.Equal(CliHost.UserError, await Run("tokenize", "--tokenizer", dir.File("missing"), "--input", dir.File("in.jsonl"), "--output", dir.File("out.jsonl")));
        File.WriteAllText(dir.File("chat.jsonl"), "{\"messages\": \"hi\"}\n");
        Assert.Equal(CliHost.UserError, await Run("chat-template", "--tokenizer", RealTokenizer, "--input", dir.File("chat.jsonl"), "--output", dir.File("out.jsonl")));
    }
}
