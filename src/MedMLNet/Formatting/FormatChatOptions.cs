namespace MedMLNet.Formatting;

/// <summary>Which text columns <see cref="FormatChatTransformer"/> turns into a ChatRequest-shaped conversation.</summary>
public sealed record FormatChatOptions
{
    /// <summary>Text column holding the user's (patient's) message.</summary>
    public string UserColumn { get; init; } = "Question";

    /// <summary>Text column holding the assistant's (doctor's) answer; null for rows to be answered (no assistant turn).</summary>
    public string? AssistantColumn { get; init; }

    /// <summary>Text column holding a per-row system prompt; null to use <see cref="SystemPrompt"/>.</summary>
    public string? SystemColumn { get; init; }

    /// <summary>System prompt for every row (when <see cref="SystemColumn"/> is null or empty in a row); empty for none.</summary>
    public string SystemPrompt { get; init; } = "";
}
