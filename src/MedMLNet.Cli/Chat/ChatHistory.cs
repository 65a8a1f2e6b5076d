using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Chat;

/// <summary>
/// The conversation, kept within the context window by policy: when the prompt plus the reply budget would not fit,
/// the oldest user/assistant turns go first (the system prompt and the newest user turn always stay); if the newest
/// user turn alone is still too long, its beginning is cut and its end kept.
/// </summary>
internal sealed class ChatHistory(ChatTemplate template, int contextWindow, int replyBudget)
{
    private readonly List<ChatMessage> turns = [];

    public string? System { get; set; }

    public int Count => turns.Count;

    public void Reset() => turns.Clear();

    public void AddUser(string text) => turns.Add(ChatMessage.User(text));

    public void AddAssistant(string text) => turns.Add(ChatMessage.Assistant(text));

    /// <summary>Prompt ids for the next reply (with the assistant header), after dropping what does not fit.</summary>
    public (int[] Ids, int DroppedTurns, bool Truncated) BuildPrompt(Llama3Tokenizer tokenizer)
    {
        var budget = contextWindow - replyBudget;
        if (budget < 16) throw new CliUserException($"--max-new-tokens {replyBudget} leaves no room for the prompt in a {contextWindow}-token context window; lower it.");
        var dropped = 0;
        while (true)
        {
            var ids = template.Encode(Messages(), addGenerationPrompt: true);
            if (ids.Length <= budget) return (ids, dropped, false);
            if (turns.Count > 1)
            {
                turns.RemoveAt(0);
                if (turns.Count > 1 && turns[0].Role == ChatRoles.Assistant) turns.RemoveAt(0);
                dropped++;
                continue;
            }
            // The newest user turn alone is too long: keep its end, cutting more until the prompt fits.
            var tokens = tokenizer.Encode(turns[0].Content);
            var cut = ids.Length - budget;
            while (true)
            {
                turns[0] = ChatMessage.User(tokenizer.Decode(tokens.Skip(Math.Min(tokens.Length, cut))));
                var fitted = template.Encode(Messages(), addGenerationPrompt: true);
                if (fitted.Length <= budget) return (fitted, dropped, true);
                if (cut >= tokens.Length)
                    throw new CliUserException($"the system prompt alone takes {fitted.Length} tokens of the {budget} the context window leaves; shorten it or lower --max-new-tokens.");
                cut += fitted.Length - budget;
            }
        }
    }

    private List<ChatMessage> Messages()
    {
        var all = new List<ChatMessage>(turns.Count + 1);
        if (System is { Length: > 0 } s) all.Add(ChatMessage.System(s));
        all.AddRange(turns);
        return all;
    }
}
