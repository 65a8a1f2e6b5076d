using MedMLNet.Llama.Chat;

namespace MedMLNet.Assistant;

/// <summary>
/// One question's answer: its language, the emergency signs found and the urgent notice to show first (null when
/// none), and the reply streamed as text pieces. Enumerate <see cref="Reply"/> once; the session records the exchange
/// when it ends (then <see cref="Completion"/> is set).
/// </summary>
public sealed class TriageTurn
{
    private readonly Llama.Tokenization.Llama3Tokenizer tokenizer;

    internal TriageTurn(ChatLanguage language, IReadOnlyList<RedFlag> redFlags, Llama.Tokenization.Llama3Tokenizer tokenizer, Func<TriageTurn, IAsyncEnumerable<string>> reply)
    {
        this.tokenizer = tokenizer;
        Language = language;
        RedFlags = redFlags;
        UrgentNotice = SafetyNotice.Urgent(redFlags, language);
        Reply = reply(this);
    }

    /// <summary>Language of the question (and of the system prompt and notices).</summary>
    public ChatLanguage Language { get; }
    /// <summary>Emergency signs found in the question.</summary>
    public IReadOnlyList<RedFlag> RedFlags { get; }
    /// <summary>The notice to show before the reply when there are emergency signs; null otherwise.</summary>
    public string? UrgentNotice { get; }
    /// <summary>The model's reply as text pieces.</summary>
    public IAsyncEnumerable<string> Reply { get; }
    /// <summary>The finished reply (token counts, finish reason, what the context policy dropped); null until streamed.</summary>
    public ChatCompletion? Completion { get; internal set; }

    /// <summary>
    /// The reply's runs of tokens less likely than <paramref name="probability"/>, as text (for showing where the model
    /// was unsure); empty until the reply has been streamed. The end-of-turn token is not part of any span.
    /// </summary>
    public IReadOnlyList<string> LowConfidenceSpans(double probability = 0.1) =>
        Completion is null ? [] : Llama.Generation.ReplyConfidence.LowSpanTexts(Completion.Tokens, probability, tokenizer);
}
