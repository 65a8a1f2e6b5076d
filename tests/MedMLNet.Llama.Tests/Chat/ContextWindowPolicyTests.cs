using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Chat;

public sealed class ContextWindowPolicyTests : IDisposable
{
    private readonly TempDir dir = RepoPaths.TempDir("chat-policy");
    private readonly Llama3Tokenizer tokenizer;
    private readonly ChatTemplate template;
    private readonly ContextWindowPolicy policy;

    public ContextWindowPolicyTests()
    {
        TokenizerJsonWriter.Write(dir.Path, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        tokenizer = Llama3Tokenizer.FromPretrained(dir.Path);
        template = new ChatTemplate(tokenizer);
        policy = new ContextWindowPolicy(template, tokenizer);
    }

    public void Dispose() => dir.Dispose();

    private static List<ChatMessage> LongChat(int turns)
    {
        var list = new List<ChatMessage> { ChatMessage.System("sys") };
        for (var i = 0; i < turns; i++) { list.Add(ChatMessage.User($"question {i}")); list.Add(ChatMessage.Assistant($"answer {i}")); }
        list.Add(ChatMessage.User("newest"));
        return list;
    }

    [Fact]
    public void AFittingConversationIsUnchanged()
    {
        var chat = LongChat(2);
        var fit = policy.Fit(chat, 1000);
        Assert.False(fit.Changed);
        Assert.Equal(template.Encode(chat, true), fit.Ids);
    }

    [Fact]
    public void OldestTurnsAreDroppedKeepingSystemAndNewestUser()
    {
        var chat = LongChat(10);
        // Byte-level tokens: a message costs header(3) + "\n\n"(2) + content bytes + eot(1). Keeping system, the last
        // two turns and the newest user: BOS 1 + sys 9 + 4 x (6 + 10) + newest (6 + 6) + generation prompt (3 + 2 + 2)... computed below.
        var keep = new List<ChatMessage> { chat[0] };
        keep.AddRange(chat.Skip(chat.Count - 5));
        var budget = template.Encode(keep, true).Length;
        var fit = policy.Fit(chat, budget);
        Assert.Equal(template.Encode(keep, true), fit.Ids);
        Assert.Equal(chat.Count - keep.Count, fit.DroppedMessages);
        Assert.False(fit.TruncatedUserMessage);
        // One token less forces one more message out.
        Assert.Equal(chat.Count - keep.Count + 1, policy.Fit(chat, budget - 1).DroppedMessages);
    }

    [Fact]
    public void AnOverlongUserMessageKeepsItsEnd()
    {
        var text = string.Concat(Enumerable.Range(0, 100_000 / 10).Select(i => $"{i,9};"));   // 100k characters
        var chat = new List<ChatMessage> { ChatMessage.System("sys"), ChatMessage.User("old"), ChatMessage.Assistant("reply"), ChatMessage.User(text) };
        var fit = policy.Fit(chat, 100);
        Assert.True(fit.TruncatedUserMessage);
        Assert.Equal(2, fit.DroppedMessages);
        Assert.Equal(100, fit.Ids.Length); // byte-level: the cut fills the budget exactly
        // BOS sys(1+3+2+3+1=10 with header) user header (3+2) ... the kept content is the last bytes of the text.
        var overhead = template.Encode([chat[0], ChatMessage.User("")], true).Length;
        var kept = 100 - overhead;
        Assert.Equal(template.Encode([chat[0], ChatMessage.User(text[^kept..])], true), fit.Ids);
    }

    [Fact]
    public void ChineseCutNeverLeavesABrokenCharacter()
    {
        var chat = new List<ChatMessage> { ChatMessage.User(string.Concat(Enumerable.Repeat("胸痛三天", 50))) };
        var fit = policy.Fit(chat, 30);
        Assert.True(fit.Ids.Length <= 30);
        Assert.DoesNotContain('\uFFFD', tokenizer.Decode(fit.Ids));
        Assert.EndsWith("三天<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", tokenizer.Decode(fit.Ids));
    }

    [Fact]
    public void ASystemPromptLongerThanTheWindowFailsClearly()
    {
        var chat = new List<ChatMessage> { ChatMessage.System(new string('s', 200)), ChatMessage.User("hi") };
        Assert.Contains("shorten the system prompt", Assert.Throws<ArgumentException>(() => policy.Fit(chat, 50)).Message);
        Assert.Contains("lower MaxNewTokens", Assert.Throws<ArgumentException>(() => policy.Fit(chat, 0)).Message);
    }
}
