using MedMLNet.Llama.Chat;

namespace MedMLNet.Assistant;

/// <summary>Settings of a <see cref="TriageSession"/>.</summary>
public sealed record TriageSessionOptions
{
    /// <summary>Decoding settings of each reply.</summary>
    public ChatCompletionOptions Completion { get; init; } = new();
    /// <summary>System prompt used while the user writes English.</summary>
    public string EnglishSystemPrompt { get; init; } =
        "You are a careful medical triage assistant. Ask about symptoms, their duration and severity, give general advice, " +
        "say when to see a doctor, and tell the user to call emergency services at once for emergency signs. You are not a doctor.";
    /// <summary>System prompt used while the user writes Chinese.</summary>
    public string ChineseSystemPrompt { get; init; } =
        "你是一名谨慎的智能问诊助手。请询问症状、持续时间和严重程度,给出一般性建议,说明何时需要就医;出现危急症状时请提醒用户立即拨打 120。你不是医生。";
    /// <summary>The most characters one question may have; longer ones are cut keeping their end (the context policy trims further).</summary>
    public int MaxQuestionChars { get; init; } = 100_000;
    /// <summary>Show the urgent notice when a question carries emergency signs (on; off only to test that a safety check notices).</summary>
    public bool RedFlagNotices { get; init; } = true;
    /// <summary>Structured patient context rendered into the system prompt in the turn's language (null: none).</summary>
    public Data.Profiles.PatientProfile? Profile { get; init; }
}
