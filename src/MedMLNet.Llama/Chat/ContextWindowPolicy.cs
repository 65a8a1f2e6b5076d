using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Chat;

/// <summary>
/// Fits a conversation into a token budget (context window − MaxNewTokens − prefix tokens):
/// <list type="number">
/// <item>if it fits, it is sent unchanged;</item>
/// <item>else the oldest messages other than the leading system prompt and the newest user message (and anything after
/// it) are dropped, one at a time, oldest first, until it fits;</item>
/// <item>if the system prompt and the newest user message alone are still too long, that user message is cut keeping
/// its end (the newest text) so that the prompt fills the budget exactly or just under it;</item>
/// <item>if even an empty user message does not fit (a system prompt longer than the window), it throws.</item>
/// </list>
/// </summary>
public sealed class ContextWindowPolicy(ChatTemplate template, Llama3Tokenizer tokenizer)
{
    /// <summary>Fits <paramref name="messages"/> into <paramref name="budget"/> tokens (generation prompt included).</summary>
    public PromptFit Fit(IReadOnlyList<ChatMessage> messages, int budget)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (budget < 1) throw new ArgumentException($"no room for a prompt: the context window minus the reply length leaves {budget} tokens; lower MaxNewTokens.");
        var ids = template.Encode(messages, addGenerationPrompt: true);
        if (ids.Length <= budget) return new PromptFit(ids, 0, false);

        var list = messages.ToList();
        var first = list.Count > 0 && list[0].Role == ChatRoles.System ? 1 : 0;
        var lastUser = list.FindLastIndex(m => m.Role == ChatRoles.User);
        var dropped = 0;
        while (lastUser > first)
        {
            list.RemoveAt(first);
            lastUser--; dropped++;
            ids = template.Encode(list, addGenerationPrompt: true);
            if (ids.Length <= budget) return new PromptFit(ids, dropped, false);
        }
        if (lastUser < 0) throw new ArgumentException($"the conversation needs {ids.Length} tokens but only {budget} fit, and it has no user message to shorten; shorten the system prompt or lower MaxNewTokens.");
        return TruncateUser(list, lastUser, budget, dropped);
    }

    private PromptFit TruncateUser(List<ChatMessage> list, int index, int budget, int dropped)
    {
        var content = list[index].Content;
        list[index] = list[index] with { Content = "" };
        var overhead = template.Encode(list, addGenerationPrompt: true).Length;
        var room = budget - overhead;
        if (room < 0) throw new ArgumentException($"the system prompt and chat headers alone need {overhead} tokens but only {budget} fit; shorten the system prompt or lower MaxNewTokens.");
        var contentIds = tokenizer.Encode(content);
        while (true)
        {
            // Keep the end of the message; a cut inside a UTF-8 character leaves U+FFFD, which is dropped.
            var kept = room <= 0 ? "" : tokenizer.Decode(contentIds[Math.Max(0, contentIds.Length - room)..]).TrimStart('\uFFFD');
            list[index] = list[index] with { Content = kept };
            var ids = template.Encode(list, addGenerationPrompt: true);
            if (ids.Length <= budget) return new PromptFit(ids, dropped, true);
            room -= ids.Length - budget; // re-encoding at the cut may merge differently: shrink by the overshoot
        }
    }
}
