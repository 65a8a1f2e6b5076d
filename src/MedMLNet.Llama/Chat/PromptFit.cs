namespace MedMLNet.Llama.Chat;

/// <summary>
/// A conversation fitted into the context window: the prompt ids, how many of the oldest messages were dropped and
/// whether the newest user message had to be cut (keeping its end).
/// </summary>
public sealed record PromptFit(int[] Ids, int DroppedMessages, bool TruncatedUserMessage)
{
    /// <summary>True when the policy changed the conversation.</summary>
    public bool Changed => DroppedMessages > 0 || TruncatedUserMessage;
}
