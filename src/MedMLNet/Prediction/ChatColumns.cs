namespace MedMLNet.Prediction;

/// <summary>Column names of <see cref="ChatRequest"/> and <see cref="ChatReply"/>.</summary>
public static class ChatColumns
{
    /// <summary>Message roles ("system", "user", "assistant"), one per message. Vector of Text.</summary>
    public const string Roles = "Roles";

    /// <summary>Message contents, parallel to <see cref="Roles"/>. Vector of Text.</summary>
    public const string Messages = "Messages";

    /// <summary>Optional system prompt (Text; empty for none).</summary>
    public const string SystemPrompt = "SystemPrompt";

    /// <summary>Patient profile as JSON (PatientProfileJson: age_band, sex, pregnancy, language, allergies, current_medications, conditions); Text, empty for none.</summary>
    public const string PatientProfile = "PatientProfile";

    /// <summary>Generated reply (Text).</summary>
    public const string Reply = "Reply";

    /// <summary>Why generation stopped: "stop" (end-of-turn token or stop sequence) or "length" (Text).</summary>
    public const string FinishReason = "FinishReason";

    /// <summary>Tokens in the prompt (Int32).</summary>
    public const string PromptTokens = "PromptTokens";

    /// <summary>Tokens generated (Int32).</summary>
    public const string CompletionTokens = "CompletionTokens";

    /// <summary>Log-probability of each generated token (vector of Single).</summary>
    public const string TokenLogProbs = "TokenLogProbs";

    /// <summary>Text of each generated token (vector of Text, parallel to <see cref="TokenLogProbs"/>).</summary>
    public const string Tokens = "Tokens";

    /// <summary>The k likeliest alternatives of each generated token, k per token in order (vector of Text).</summary>
    public const string TopTokens = "TopTokens";

    /// <summary>Log-probabilities of <see cref="TopTokens"/> (vector of Single).</summary>
    public const string TopTokenLogProbs = "TopTokenLogProbs";

    /// <summary>Reply-level confidence: the geometric mean of the token probabilities, exp(mean log-probability) (Single).</summary>
    public const string Confidence = "Confidence";
}
