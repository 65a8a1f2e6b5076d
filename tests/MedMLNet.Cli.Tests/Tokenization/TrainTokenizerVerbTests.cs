using System.CommandLine;
using MedMLNet.Cli.Verbs;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests.Tokenization;

public sealed class TrainTokenizerVerbTests
{
    private static Task<int> Run(params string[] args) => CliHost.RunAsync(new RootCommand { new TrainTokenizerVerb().Build() }, args);

    [Fact]
    public async Task WritesATokenizerThatLoads()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllLines(dir.File("corpus.jsonl"), Enumerable.Repeat("{\"question\": \"What is hypertension?\", \"answer\": \"Hypertension is high blood pressure.\"}", 50));
        Assert.Equal(0, await Run("train-tokenizer", "--input", dir.File("corpus.jsonl"), "--vocab-size", "600", "--output", dir.File("tok")));

        var tok = Llama3Tokenizer.FromPretrained(dir.File("tok"));
        Assert.InRange(tok.VocabSize, 512, 600);                 // a small corpus may run out of pairs seen twice
        Assert.Equal(tok.BaseVocabSize + 256, tok.VocabSize);
        Assert.Single(tok.Encode(" hypertension"));
        var prompt = new ChatTemplate(tok).Apply([ChatMessage.User("What is hypertension?")], addGenerationPrompt: true);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is hypertension?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", prompt.Text);
        Assert.Equal(prompt.Text, tok.Decode(prompt.Ids));
    }

    [Fact]
    public async Task TooSmallVocabularyOrMissingCorpusIsAUserError()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("c.txt"), "hello");
        Assert.Equal(CliHost.UserError, await Run("train-tokenizer", "--input", dir.File("c.txt"), "--vocab-size", "300", "--output", dir.File("tok")));
        Assert.Equal(CliHost.UserError, await Run("train-tokenizer", "--input", dir.File("none.txt"), "--vocab-size", "600", "--output", dir.File("tok")));
    }
}
