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

    [Fact]
    public async Task Logprobs_top_alternatives_and_confidence_come_back_in_additional_properties()
    {
        var options = new ChatOptions { MaxOutputTokens = 8, AdditionalProperties = new() { [LlamaChatClient.TopLogProbsProperty] = 2 } };
        var response = await client.GetResponseAsync(Question, options);
        var tokens = Assert.IsType<List<TokenLogProbability>>(response.AdditionalProperties!["logprobs"]);
        Assert.Equal(response.Usage!.OutputTokenCount, tokens.Count);
        Assert.All(tokens, t =>
        {
            Assert.Equal(2, t.TopAlternatives.Count);
            Assert.Equal(t.Token, t.TopAlternatives[0].Token);        // greedy: the chosen token is the likeliest
            Assert.Equal(t.LogProb, t.TopAlternatives[0].LogProb, 5);
        });
        var confidence = Assert.IsType<double>(response.AdditionalProperties["confidence"]);
        Assert.Equal(Math.Exp(tokens.Average(t => (double)t.LogProb)), confidence, 6);
        var spans = Assert.IsType<List<string>>(response.AdditionalProperties["low_confidence_spans"]);
        Assert.Equal(tokens.Count(t => t.LogProb < Math.Log(0.1)) > 0, spans.Count > 0);

        var last = (await Stream(options)).Updates[^1];
        Assert.Equal(confidence, Assert.IsType<double>(last.AdditionalProperties!["confidence"]), 9);
    }

    [Fact]
    public async Task A_named_adapter_is_chosen_per_call_and_equals_that_adapter_alone()
    {
        var adapterDir = TinyLora.Make(model.Model.SourceDirectory!, dir.File("neike"), seed: 21);
        var bytes = model.LoadAdapter("内科", adapterDir);
        Assert.Equal(bytes, model.NamedAdapters["内科"]);
        using var alone = ChatModel.Load(model.Model.SourceDirectory!, adapterDir);
        using var aloneClient = new LlamaChatClient(alone);

        var withAdapter = new ChatOptions { MaxOutputTokens = 10, AdditionalProperties = new() { [LlamaChatClient.AdapterProperty] = "内科" } };
        var expected = await aloneClient.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 10 });
        Assert.Equal(expected.Text, (await client.GetResponseAsync(Question, withAdapter)).Text);
        Assert.Equal(expected.Text, (await Stream(withAdapter)).Text);

        var plain = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 10 }); // no adapter: the base as before
        var baseOnly = new LlamaChatClient(ChatModel.Load(model.Model.SourceDirectory!), disposeModel: true);
        using (baseOnly) Assert.Equal((await baseOnly.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 10 })).Text, plain.Text);

        var unknown = new ChatOptions { MaxOutputTokens = 10, AdditionalProperties = new() { [LlamaChatClient.AdapterProperty] = "眼科" } };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Question, unknown));
        Assert.Contains("内科", e.Message);
    }
}
