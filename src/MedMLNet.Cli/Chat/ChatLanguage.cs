namespace MedMLNet.Cli.Chat;

/// <summary>Which language to answer in: Chinese when a message has CJK ideographs, otherwise English.</summary>
internal static class ChatLanguage
{
    public static bool IsChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf');

    public static string Disclaimer(bool chinese) => chinese
        ? "智能问诊助手（演示）：回答由语言模型生成，可能有误，不能代替医生的诊断和治疗。紧急情况请立即拨打 120。输入 /reset 重新开始，/exit 退出。"
        : "Triage assistant (demonstration): answers come from a language model, may be wrong, and do not replace a doctor's examination. In an emergency call your local emergency number now. Type /reset to start over, /exit to quit.";

    /// <summary>The system prompt the bundled data was prepared with (so a model fine-tuned on it sees the same one).</summary>
    public static string SystemPrompt(bool chinese) => chinese ? MedMLNet.Data.SystemPrompts.Chinese : MedMLNet.Data.SystemPrompts.English;
}
