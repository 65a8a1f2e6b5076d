using System.Runtime.CompilerServices;
using MedMLNet.Llama.Chat;
using Microsoft.Extensions.AI;
using LlamaFinish = MedMLNet.Llama.Generation.FinishReason;
using LlamaMessage = MedMLNet.Llama.Tokenization.ChatMessage;

namespace MedMLNet.Chat;

/// <summary>
/// <see cref="IChatClient"/> over a <see cref="ChatModel"/>: ChatOptions map to <see cref="ChatCompletionOptions"/>
/// (Temperature, TopP, TopK, MaxOutputTokens, StopSequences, Seed; greedy when no temperature is given), replies carry
/// usage (input/output/total tokens), the finish reason (stop or length) and the model id.
/// Messages are sent as role + text (non-text contents are ignored). Does not dispose the model unless told to.
/// Extras through <c>ChatOptions.AdditionalProperties</c>: <c>"adapter"</c> (a name given to
/// <see cref="ChatModel.LoadAdapter"/>, or "" for the base alone) picks the adapter for this call, <c>"top_logprobs"</c> (int)
/// the alternatives kept per token. Every response carries <c>AdditionalProperties["confidence"]</c> (geometric-mean token
/// probability), <c>["logprobs"]</c> (a list of <see cref="TokenLogProbability"/>) and <c>["low_confidence_spans"]</c>
/// (the reply's runs of tokens below <see cref="LowConfidenceProbability"/>, as text).
/// </summary>
public sealed class LlamaChatClient(ChatModel model, bool disposeModel = false) : IChatClient
{
    /// <summary>Max new tokens when ChatOptions.MaxOutputTokens is not set.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 256;

    /// <summary>Tokens less likely than this are reported in <c>low_confidence_spans</c>.</summary>
    public double LowConfidenceProbability { get; init; } = 0.1;

    /// <summary>The ChatOptions.AdditionalProperties key that picks a named adapter per call.</summary>
    public const string AdapterProperty = "adapter";

    /// <summary>The ChatOptions.AdditionalProperties key for the number of alternatives kept per token.</summary>
    public const string TopLogProbsProperty = "top_logprobs";

    /// <summary>The wrapped model.</summary>
    public ChatModel Model => model;

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var llamaMessages = Convert(messages);
        var completionOptions = ToCompletionOptions(options);
        return Task.Run(() =>
        {
            var reply = model.Complete(llamaMessages, completionOptions, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Text))
            {
                ModelId = model.ModelId,
                FinishReason = Map(reply.FinishReason),
                Usage = Usage(reply),
                CreatedAt = DateTimeOffset.UtcNow,
                ResponseId = Guid.NewGuid().ToString("N"),
                AdditionalProperties = Details(reply),
            };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var llamaMessages = Convert(messages);
        var id = Guid.NewGuid().ToString("N");
        ChatCompletion? done = null;
        await foreach (var delta in model.StreamAsync(llamaMessages, ToCompletionOptions(options), c => done = c, cancellationToken).ConfigureAwait(false))
            yield return new ChatResponseUpdate(ChatRole.Assistant, delta) { ModelId = model.ModelId, ResponseId = id, MessageId = id };
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(done!))])
        {
            ModelId = model.ModelId, ResponseId = id, MessageId = id, FinishReason = Map(done!.FinishReason), AdditionalProperties = Details(done!),
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey != null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata("medmlnet", null, model.ModelId);
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType.IsInstanceOfType(model)) return model;
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposeModel) model.Dispose();
    }

    /// <summary>The ChatCompletionOptions a ChatOptions maps to.</summary>
    public ChatCompletionOptions ToCompletionOptions(ChatOptions? options) => new()
    {
        MaxNewTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens,
        Temperature = options?.Temperature ?? 0,
        TopP = options?.TopP ?? 1.0,
        TopK = options?.TopK ?? 0,
        Seed = options?.Seed ?? 0,
        StopSequences = options?.StopSequences?.ToArray() ?? [],
        TopLogProbs = options?.AdditionalProperties?.TryGetValue(TopLogProbsProperty, out int k) == true ? k : 0,
        Adapter = options?.AdditionalProperties?.TryGetValue(AdapterProperty, out string? adapter) == true ? adapter : null,
    };

    private AdditionalPropertiesDictionary Details(ChatCompletion c)
    {
        string Text(int id) => model.Tokenizer.Decode([id], skipSpecialTokens: false);
        var tokens = c.Tokens.Select(t => new TokenLogProbability(Text(t.TokenId), t.LogProb,
            [.. t.TopAlternatives.Select(a => new TokenAlternative(Text(a.TokenId), a.LogProb))])).ToList();
        var spans = Llama.Generation.ReplyConfidence.LowSpans(c.Tokens, LowConfidenceProbability)
            .Select(s => string.Concat(tokens.Skip(s.Start).Take(s.Length).Select(t => t.Token))).ToList();
        return new AdditionalPropertiesDictionary
        {
            ["confidence"] = Llama.Generation.ReplyConfidence.From(c.Tokens).GeometricMeanProb,
            ["logprobs"] = tokens,
            ["low_confidence_spans"] = spans,
        };
    }

    private static List<LlamaMessage> Convert(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Select(m => new LlamaMessage(m.Role.Value, m.Text ?? "")).ToList();
    }

    private static UsageDetails Usage(ChatCompletion c) => new()
    {
        InputTokenCount = c.PromptTokens, OutputTokenCount = c.CompletionTokens, TotalTokenCount = c.TotalTokens,
    };

    private static ChatFinishReason Map(LlamaFinish reason) => reason == LlamaFinish.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
}
