using Microsoft.ML.Data;

namespace MedMLNet.Prediction;

/// <summary>A generated answer, as an ML.NET row. Output of <c>PredictionEngine&lt;ChatRequest, ChatReply&gt;</c>.</summary>
public sealed class ChatReply
{
    /// <summary>The reply text.</summary>
    [ColumnName(ChatColumns.Reply)]
    public string Reply { get; set; } = "";

    /// <summary>"stop" or "length".</summary>
    [ColumnName(ChatColumns.FinishReason)]
    public string FinishReason { get; set; } = "";

    /// <summary>Tokens in the prompt.</summary>
    [ColumnName(ChatColumns.PromptTokens)]
    public int PromptTokens { get; set; }

    /// <summary>Tokens generated.</summary>
    [ColumnName(ChatColumns.CompletionTokens)]
    public int CompletionTokens { get; set; }

    /// <summary>Log-probability of each generated token (natural log), one per completion token.</summary>
    [ColumnName(ChatColumns.TokenLogProbs)]
    public float[] TokenLogProbs { get; set; } = [];

    /// <summary>Text of each generated token, parallel to <see cref="TokenLogProbs"/> (a token inside a multi-byte character shows as U+FFFD).</summary>
    [ColumnName(ChatColumns.Tokens)]
    public string[] Tokens { get; set; } = [];

    /// <summary>The k likeliest alternatives at each step (k = LlamaChatOptions.TopLogProbs), k per token in order.</summary>
    [ColumnName(ChatColumns.TopTokens)]
    public string[] TopTokens { get; set; } = [];

    /// <summary>Log-probabilities of <see cref="TopTokens"/>.</summary>
    [ColumnName(ChatColumns.TopTokenLogProbs)]
    public float[] TopTokenLogProbs { get; set; } = [];

    /// <summary>Geometric-mean token probability of the reply, in (0, 1] (1 for an empty reply).</summary>
    [ColumnName(ChatColumns.Confidence)]
    public float Confidence { get; set; }

    /// <summary>Runs of consecutive tokens with probability below <paramref name="probabilityThreshold"/>, as (first token, token count, text).</summary>
    public IReadOnlyList<(int Start, int Length, string Text)> LowConfidenceSpans(double probabilityThreshold = 0.1) =>
        [.. Llama.Generation.ReplyConfidence.LowSpans(TokenLogProbs, (float)Math.Log(probabilityThreshold))
            .Select(s => (s.Start, s.Length, string.Concat(Tokens.Skip(s.Start).Take(s.Length))))];
}
