namespace MedMLNet.Llama.Generation;

/// <summary>Why a reply ended.</summary>
public enum FinishReason { Stop, Length, Cancelled }

/// <summary>A token and its log-probability under the model.</summary>
public readonly record struct TokenLogProb(int TokenId, float LogProb);

/// <summary>One generated token: id, log-probability, and the top alternatives when asked for.</summary>
public sealed record GeneratedToken(int TokenId, float LogProb, IReadOnlyList<TokenLogProb> TopAlternatives);

/// <summary>One prompt's reply: new ids only (the stop id included when one ended it).</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedToken> Tokens, FinishReason FinishReason, int PromptTokens)
{
    public int[] Ids => Tokens.Select(t => t.TokenId).ToArray();
    /// <summary>Each step's fp32 logits when <see cref="GenerationOptions.KeepStepLogits"/> was set, as [steps][vocab].</summary>
    public IReadOnlyList<float[]>? StepLogits { get; init; }
}
