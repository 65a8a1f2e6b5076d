using MedMLNet.Llama.Generation;

namespace MedMLNet.Llama.Chat;

/// <summary>
/// A finished reply. <see cref="FinishReason.Stop"/>: end-of-turn token or a stop sequence;
/// <see cref="FinishReason.Length"/>: MaxNewTokens reached.
/// </summary>
/// <param name="Text">The reply text (control tokens and a matched stop sequence removed).</param>
/// <param name="FinishReason">Why the reply ended.</param>
/// <param name="PromptTokens">Tokens of the prompt actually sent (after the context-window policy).</param>
/// <param name="CompletionTokens">Tokens the model generated (the end-of-turn token included).</param>
/// <param name="Tokens">Each generated token with its log-probability.</param>
/// <param name="Fit">What the context-window policy did to the conversation.</param>
public sealed record ChatCompletion(string Text, FinishReason FinishReason, int PromptTokens, int CompletionTokens,
    IReadOnlyList<GeneratedToken> Tokens, PromptFit Fit)
{
    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}
