using System.Runtime.CompilerServices;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Assistant;

/// <summary>
/// The 智能问诊助手 conversation: keeps the history, picks the English or Chinese system prompt by the language of each
/// question, checks every question for emergency signs (<see cref="RedFlagDetector"/>) and streams the model's reply.
/// The history stays within the context window: the <see cref="ContextWindowPolicy"/> drops the oldest turns (keeping
/// the system prompt and the newest question, cutting an overlong question keeping its end) and the session forgets
/// the turns it dropped. Used by <c>medmlnet chat</c> and the TriageAssistant sample.
/// </summary>
public sealed class TriageSession(ChatModel model, TriageSessionOptions? options = null)
{
    private readonly TriageSessionOptions options = options ?? new TriageSessionOptions();
    private readonly List<ChatMessage> history = [];

    /// <summary>The user and assistant messages kept so far (no system prompt).</summary>
    public IReadOnlyList<ChatMessage> History => history;

    /// <summary>Language of the last question (English before the first).</summary>
    public ChatLanguage Language { get; private set; } = ChatLanguage.English;

    /// <summary>Forgets the conversation.</summary>
    public void Reset() { history.Clear(); Language = ChatLanguage.English; }

    /// <summary>The disclaimer to show at the start, in the current language.</summary>
    public string Disclaimer => SafetyNotice.Disclaimer(Language);

    /// <summary>Asks one question. Empty or whitespace-only text is refused with an <see cref="ArgumentException"/>.</summary>
    public TriageTurn Ask(string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("the question is empty; type a question about your symptoms.", nameof(text));
        if (text.Length > options.MaxQuestionChars) text = text[^options.MaxQuestionChars..];
        Language = ChatLanguageDetector.Detect(text, Language);
        var flags = options.RedFlagNotices ? RedFlagDetector.Detect(text) : [];
        return new TriageTurn(Language, flags, model.Tokenizer, turn => Stream(turn, text, cancellationToken));
    }

    /// <summary>The system prompt a question in <paramref name="language"/> is answered with (base prompt + profile block).</summary>
    public string SystemPrompt(ChatLanguage language)
    {
        var chinese = language == ChatLanguage.Chinese;
        var system = chinese ? options.ChineseSystemPrompt : options.EnglishSystemPrompt;
        return options.Profile is { } profile
            ? Data.Profiles.ProfilePromptRenderer.SystemPrompt(system, profile, chinese ? Data.Profiles.ProfileLanguage.Chinese : Data.Profiles.ProfileLanguage.English)
            : system;
    }

    private async IAsyncEnumerable<string> Stream(TriageTurn turn, string question, [EnumeratorCancellation] CancellationToken ct)
    {
        var system = SystemPrompt(turn.Language);
        var messages = new List<ChatMessage>(history.Count + 2) { ChatMessage.System(system) };
        messages.AddRange(history);
        messages.Add(ChatMessage.User(question));
        ChatCompletion? done = null;
        await foreach (var piece in model.StreamAsync(messages, options.Completion, c => done = c, ct).ConfigureAwait(false))
            yield return piece;
        turn.Completion = done;
        var dropped = Math.Min(done!.Fit.DroppedMessages, history.Count);
        history.RemoveRange(0, dropped);
        history.Add(ChatMessage.User(question));
        history.Add(ChatMessage.Assistant(done.Text));
    }
}
