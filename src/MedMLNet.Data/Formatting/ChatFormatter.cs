using System.Text;

namespace MedMLNet.Data;

/// <summary>Options for <see cref="ChatFormatter"/>.</summary>
public sealed record ChatFormatOptions
{
    /// <summary>System prompt for every record; null picks <see cref="EnglishSystemPrompt"/> or <see cref="ChineseSystemPrompt"/> by the record's language.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Default for English (and undetermined) records.</summary>
    public string EnglishSystemPrompt { get; init; } = SystemPrompts.English;

    /// <summary>Default for Chinese records.</summary>
    public string ChineseSystemPrompt { get; init; } = SystemPrompts.Chinese;

    /// <summary>Include a record's context (PubMedQA abstract) before the question (default true).</summary>
    public bool IncludeContext { get; init; } = true;
}

/// <summary>
/// Turns <see cref="DialogueRecord"/>s into <see cref="ChatRecord"/>s: a system message, then the turns as
/// user/assistant messages (multi-turn kept; trailing user turns without an answer dropped). A multiple-choice
/// record becomes the question with lettered options ("A. yes") and an instruction to answer with the letter;
/// the assistant says "B. option" (plus any explanation), and <see cref="ChatRecord.AnswerIdx"/> holds the letter.
/// </summary>
public sealed class ChatFormatter(ChatFormatOptions? options = null)
{
    /// <summary>The options in force.</summary>
    public ChatFormatOptions Options { get; } = options ?? new ChatFormatOptions();

    /// <summary>The chat record of <paramref name="record"/>; <paramref name="group"/> defaults to <see cref="SplitGroups.KeyOf"/>.</summary>
    public ChatRecord Format(DialogueRecord record, string? group = null)
    {
        var zh = LanguageDetector.Detect(record.Question) == "zh";
        var messages = new List<ChatMessage> { new("system", Options.SystemPrompt ?? (zh ? Options.ChineseSystemPrompt : Options.EnglishSystemPrompt)) };
        var turns = record.Turns.ToList();
        var lastAssistant = turns.FindLastIndex(t => t.Role == DialogueTurn.Assistant);
        if (lastAssistant >= 0) turns.RemoveRange(lastAssistant + 1, turns.Count - lastAssistant - 1);
        var firstUser = true;
        foreach (var turn in turns)
        {
            var content = turn.Content;
            if (turn.Role == DialogueTurn.User && firstUser)
            {
                content = UserPrompt(record, content, zh);
                firstUser = false;
            }
            else if (turn.Role == DialogueTurn.Assistant && record.AnswerIndex is not null && ReferenceEquals(turn, turns[^1]))
                content = AssistantChoice(record, content);
            messages.Add(new ChatMessage(turn.Role, content));
        }
        if (record.AnswerIndex is not null && lastAssistant < 0)
            messages.Add(new ChatMessage("assistant", AssistantChoice(record, "")));
        return new ChatRecord(messages, record.Id, record.Source, group ?? SplitGroups.KeyOf(record), record.AnswerLetter);
    }

    private string UserPrompt(DialogueRecord record, string question, bool zh)
    {
        var sb = new StringBuilder();
        if (Options.IncludeContext && !string.IsNullOrWhiteSpace(record.Context))
            sb.Append(zh ? "背景：\n" : "Context:\n").Append(record.Context.Trim()).Append("\n\n").Append(zh ? "问题：" : "Question: ");
        sb.Append(question);
        if (record.Options is { Count: > 0 } options)
        {
            sb.Append("\n\n");
            for (var i = 0; i < options.Count; i++) sb.Append((char)('A' + i)).Append(". ").Append(options[i]).Append('\n');
            sb.Append(zh ? "请用选项字母作答。" : "Answer with the letter of the correct option.");
        }
        return sb.ToString();
    }

    private static string AssistantChoice(DialogueRecord record, string answer)
    {
        var option = record.Options![record.AnswerIndex!.Value];
        var choice = $"{record.AnswerLetter}. {option}";
        var explanation = answer.Trim();
        return explanation.Length == 0 || string.Equals(explanation, option.Trim(), StringComparison.OrdinalIgnoreCase)
            ? choice
            : choice + "\n\n" + explanation;
    }
}
