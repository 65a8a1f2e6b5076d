using MedMLNet.Chat;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Generation;
using MedMLNet.TestKit;
using Microsoft.Extensions.AI;
using LlamaMessage = MedMLNet.Llama.Tokenization.ChatMessage;

namespace MedMLNet.Tests.Chat;

public sealed class LlamaChatClientTests : IDisposable
{
    private readonly TempDir dir = RepoPaths.TempDir("chat-client");
    private readonly ChatModel model;
    private readonly LlamaChatClient client;
    private static readonly ChatMessage[] Question = [new(ChatRole.System, "You are a doctor."), new(ChatRole.User, "Headache for two days?")];

    public LlamaChatClientTests()
    {
        model = ChatModel.Load(TinyCheckpoint.Make(dir.Path, maxPositions: 160));
        client = new LlamaChatClient(model);
    }

    public void Dispose() { client.Dispose(); model.Dispose(); dir.Dispose(); }

    private async Task<(string Text, List<ChatResponseUpdate> Updates)> Stream(ChatOptions options)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync(Question, options)) updates.Add(u);
        return (string.Concat(updates.Select(u => u.Text)), updates);
    }

    [Fact]
    public async Task GreedyAnswerEqualsTheGeneratorWithUsage()
    {
        LlamaMessage[] llama = [LlamaMessage.System("You are a doctor."), LlamaMessage.User("Headache for two days?")];
        var ids = model.Template.Encode(llama, addGenerationPrompt: true);
        var expected = new LlamaGenerator(model.Model).Generate([ids], new GenerationOptions { MaxNewTokens = 15, StopTokenIds = model.StopTokenIds })[0];
        var response = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 15 });
        Assert.Equal(model.Tokenizer.Decode(expected.Ids, skipSpecialTokens: true), response.Text);
        Assert.Equal(ids.Length, response.Usage!.InputTokenCount);
        Assert.Equal(expected.Tokens.Count, response.Usage.OutputTokenCount);
        Assert.Equal(ids.Length + expected.Tokens.Count, response.Usage.TotalTokenCount);
        Assert.Equal(expected.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(model.ModelId, response.ModelId);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
    }

    [Fact]
    public async Task StreamingConcatenationEqualsTheResponse()
    {
        var options = new ChatOptions { MaxOutputTokens = 20, Temperature = 1.0f, Seed = 3 };
        var (text, updates) = await Stream(options);
        var response = await client.GetResponseAsync(Question, options);
        Assert.Equal(response.Text, text);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(response.Usage!.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(response.FinishReason, updates[^1].FinishReason);
    }

    [Fact]
    public async Task OptionsAreHonoured()
    {
        var sampled = new ChatOptions { MaxOutputTokens = 30, Temperature = 1.0f, TopP = 0.9f, TopK = 50, Seed = 8 };
        var a = await client.GetResponseAsync(Question, sampled);
        var b = await client.GetResponseAsync(Question, sampled.Clone());
        Assert.Equal(a.Text, b.Text);
        Assert.True(a.Usage!.OutputTokenCount <= 30);

        var two = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 2, Temperature = 1.0f, Seed = 8 });
        Assert.True(two.Usage!.OutputTokenCount <= 2);
        if (two.FinishReason == ChatFinishReason.Length) Assert.Equal(2, two.Usage.OutputTokenCount);

        Assert.True(a.Text.Length >= 6, $"need a longer reply: '{a.Text}'");
        var stop = a.Text.Substring(3, 2);
        var stopped = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 30, Temperature = 1.0f, TopP = 0.9f, TopK = 50, Seed = 8, StopSequences = [stop] });
        Assert.Equal(a.Text[..a.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public void ServicesAndMetadata()
    {
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Same(model, client.GetService<ChatModel>());
        Assert.Equal(model.ModelId, client.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Null(client.GetService<IChatClient>("key"));
        Assert.Null(client.GetService<string>());
    }
}
