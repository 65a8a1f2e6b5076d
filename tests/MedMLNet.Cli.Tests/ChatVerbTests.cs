using MedMLNet.Cli.Chat;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

public class ChatVerbTests
{
    [Fact]
    public void HistoryDropsOldestTurnsThenCutsTheStartOfAnOverlongMessage()
    {
        using var dir = RepoPaths.TempDir();
        TinyCheckpoint.Make(dir.Path);
        var tokenizer = Llama3Tokenizer.FromPretrained(dir.Path);
        var template = new ChatTemplate(tokenizer);
        var history = new ChatHistory(template, contextWindow: 200, replyBudget: 50) { System = "Be careful." };
        history.AddUser(new string('a', 60));
        history.AddAssistant(new string('b', 60));
        history.AddUser("short question?");
        var (ids, dropped, truncated) = history.BuildPrompt(tokenizer);
        Assert.True(ids.Length <= 150);
        Assert.Equal(1, dropped);
        Assert.False(truncated);
        Assert.Equal(1, history.Count); // the old user/assistant pair went together
        var kept = tokenizer.Decode(ids, skipSpecialTokens: true);
        Assert.Contains("short question?", kept);
        Assert.DoesNotContain("aaaa", kept);

        history.Reset();
        history.AddUser("START" + new string('x', 400) + "END?");
        (ids, _, truncated) = history.BuildPrompt(tokenizer);
        Assert.True(truncated);
        Assert.True(ids.Length <= 150);
        var text = tokenizer.Decode(ids, skipSpecialTokens: true);
        Assert.Contains("END?", text);
        Assert.DoesNotContain("START", text);
    }

    [Fact]
    public async Task PipedConversationAnswersFlagsEmergenciesAndExitsCleanly()
    {
        using var dir = RepoPaths.TempDir();
        TinyCheckpoint.Make(dir.Path);
        var stdin = Console.In;
        try
        {
            Console.SetIn(new StringReader("头痛发烧怎么办？\n\n/reset\nI have chest pain 😟 and I feel faint\n" + new string('z', 100_000) + "\n"));
            var (exit, stdout, err) = await CliRunner.Run("chat", "--model", dir.Path, "--max-new-tokens", "8");
            Assert.True(exit == 0, err);
            Assert.Contains("免责声明", stdout);
            Assert.Contains("助手: ", stdout);
            Assert.Contains("（对话已清空）", stdout); // /reset answered in the language of the conversation
            Assert.Contains("URGENT", stdout);
            Assert.Contains("shortened", err); // the 100k-character message was cut to fit the 256-token window
        }
        finally { Console.SetIn(stdin); }
    }

    [Fact]
    public async Task ProfileGoesIntoTheSystemPromptAndLowConfidenceSpansAreShown()
    {
        using var dir = RepoPaths.TempDir();
        var model = Path.Combine(RepoPaths.Root, "data", "models", "tiny-med-llama3");
        File.WriteAllText(dir.File("profile.json"), """{"sex":"male","allergies":["penicillin"]}""");
        var stdin = Console.In;
        try
        {
            // The 5M-parameter default model is unsure of most content words (a test of the sample shows the same).
            Console.SetIn(new StringReader("I have a rash after taking amoxicillin\n"));
            var (exit, stdout, err) = await CliRunner.Run("chat", "--model", model, "--max-new-tokens", "24", "--profile", dir.File("profile.json"), "--show-confidence", "0.1");
            Assert.True(exit == 0, err);
            Assert.True(stdout.Contains("(low confidence: «"), stdout);

            Console.SetIn(new StringReader("hello\n"));
            File.WriteAllText(dir.File("bad.json"), """{"sex":"male","phone":"555-0100"}""");
            (exit, _, err) = await CliRunner.Run("chat", "--model", model, "--profile", dir.File("bad.json"));
            Assert.Equal(1, exit);
            Assert.Contains("bad.json", err);
            Assert.DoesNotContain("555-0100", err);
        }
        finally { Console.SetIn(stdin); }
    }
}
