namespace MedMLNet.Llama.Tokenization;

/// <summary>One message of a conversation. <see cref="Role"/> is one of <see cref="ChatRoles"/> (others are passed through).</summary>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>A system message.</summary>
    public static ChatMessage System(string content) => new(ChatRoles.System, content);
    /// <summary>A user message.</summary>
    public static ChatMessage User(string content) => new(ChatRoles.User, content);
    /// <summary>An assistant message.</summary>
    public static ChatMessage Assistant(string content) => new(ChatRoles.Assistant, content);
}

/// <summary>The roles Llama 3 Instruct knows.</summary>
public static class ChatRoles
{
    /// <summary>Instructions for the assistant.</summary>
    public const string System = "system";
    /// <summary>The person asking.</summary>
    public const string User = "user";
    /// <summary>The model's replies: the only role trained on.</summary>
    public const string Assistant = "assistant";
    /// <summary>A tool's result (Llama 3.1 renders "tool" as "ipython").</summary>
    public const string Ipython = "ipython";
    /// <summary>A tool's result, as OpenAI-style callers name it.</summary>
    public const string Tool = "tool";
}

/// <summary>Which Meta Instruct template a checkpoint uses.</summary>
public enum ChatTemplateStyle
{
    /// <summary>Llama 3 (Meta-Llama-3-8B-Instruct): messages as given, BOS before the first one.</summary>
    Llama3,
    /// <summary>
    /// Llama 3.1 / 3.2 / 3.3: BOS, then always a system block opening "Cutting Knowledge Date: December 2023\nToday Date: …\n\n"
    /// followed by the first message's content when it is a system message; tool results as "ipython" with JSON-quoted content.
    /// </summary>
    Llama31,
}

/// <summary>A rendered prompt: the exact text of the template and its injection-safe ids (BOS included).</summary>
public sealed record ChatPrompt(string Text, int[] Ids);

/// <summary>
/// A conversation encoded for training: <see cref="Labels"/> has one entry per id (unshifted; the loss shifts), equal to
/// the id on the tokens the model learns to produce and -100 on every other token.
/// </summary>
public sealed record LabelledSequence(int[] Ids, int[] Labels);
