using MedMLNet.Llama.Chat;

namespace MedMLNet.Assistant;

/// <summary>
/// One question's answer: its language, the emergency signs found and the urgent notice to show first (null when
/// none), and the reply streamed as text pieces. Enumerate <see cref="Reply"/> once; the session records the exchange
/// when it ends (then <see cref="Completion"/> is set).
/// </summary>
public sealed class TriageTurn
{
    internal TriageTurn(ChatLanguage language, IReadOnlyList<RedFlag> redFlags, Func<TriageTurn, IAsyncEnumerable<string>> reply)
    {
        Language = language;
        RedFlags = redFlags;
        UrgentNotice = SafetyNotice.Urgent(redFlags, language);
        Reply = reply(this);
    }

    /// <summary>Language of the question (and of the system prompt and notices).</summary>
    public ChatLanguage Language { get; }
    /// <summary>Emergency signs found in the question.</summary>
    public IReadOnlyList<RedFlag> RedFlags { get; }
    /// <summary>The notice to show before the reply when there are emergency signs; null otherwise.</summary>
    public string? UrgentNotice { get; }
    /// <summary>The model's reply as text pieces.</summary>
    public IAsyncEnumerable<string> Reply { get; }
    /// <summary>The finished reply (token counts, finish reason, what the context policy dropped); null until streamed.</summary>
    public ChatCompletion? Completion { get; internal set; }
}
