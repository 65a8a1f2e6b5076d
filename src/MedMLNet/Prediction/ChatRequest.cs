using Microsoft.ML.Data;

namespace MedMLNet.Prediction;

/// <summary>
/// A chat to answer, as an ML.NET row: parallel <see cref="Roles"/> and <see cref="Messages"/> vectors,
/// an optional system prompt and a patient profile. Input of <c>PredictionEngine&lt;ChatRequest, ChatReply&gt;</c>.
/// </summary>
public sealed class ChatRequest
{
    /// <summary>Role of each message: "user" or "assistant" (a "system" message here overrides <see cref="SystemPrompt"/>).</summary>
    [ColumnName(ChatColumns.Roles)]
    public string[] Roles { get; set; } = [];

    /// <summary>Content of each message, parallel to <see cref="Roles"/>.</summary>
    [ColumnName(ChatColumns.Messages)]
    public string[] Messages { get; set; } = [];

    /// <summary>System prompt; empty for the model's default.</summary>
    [ColumnName(ChatColumns.SystemPrompt)]
    public string SystemPrompt { get; set; } = "";

    /// <summary>Patient profile text (age, sex, history) placed before the conversation; empty for none.</summary>
    [ColumnName(ChatColumns.PatientProfile)]
    public string PatientProfile { get; set; } = "";

    /// <summary>Builds a request from (role, content) turns.</summary>
    public static ChatRequest FromTurns(string systemPrompt, params (string Role, string Content)[] turns) => new()
    {
        SystemPrompt = systemPrompt ?? "",
        Roles = [.. turns.Select(t => t.Role)],
        Messages = [.. turns.Select(t => t.Content)],
    };
}
