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
}
