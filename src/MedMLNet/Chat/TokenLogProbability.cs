namespace MedMLNet.Chat;

/// <summary>A candidate token and its log-probability (natural log).</summary>
public sealed record TokenAlternative(string Token, float LogProb);

/// <summary>
/// One generated token as <see cref="LlamaChatClient"/> reports it in <c>ChatResponse.AdditionalProperties["logprobs"]</c>
/// (like OpenAI's logprobs): its text, log-probability and the top alternatives when <c>top_logprobs</c> was asked for.
/// </summary>
public sealed record TokenLogProbability(string Token, float LogProb, IReadOnlyList<TokenAlternative> TopAlternatives);
