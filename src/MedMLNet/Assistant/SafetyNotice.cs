namespace MedMLNet.Assistant;

/// <summary>The disclaimer shown before a triage chat and the urgent notice shown when emergency signs appear.</summary>
public static class SafetyNotice
{
    /// <summary>"Not a doctor" disclaimer.</summary>
    public static string Disclaimer(ChatLanguage language) => language == ChatLanguage.Chinese
        ? "【免责声明】本助手由人工智能生成回答,仅供健康信息参考,不能替代医生的诊断和治疗。如有不适请及时就医;如遇紧急情况请立即拨打 120。"
        : "DISCLAIMER: this assistant is an AI and gives general health information only. It is not a doctor and cannot diagnose or treat you. See a doctor for medical problems; in an emergency call your local emergency number (911 in the US, 120 in China) now.";

    /// <summary>The urgent notice for <paramref name="flags"/> (empty: null).</summary>
    public static string? Urgent(IReadOnlyList<RedFlag> flags, ChatLanguage language)
    {
        if (flags.Count == 0) return null;
        var signs = string.Join(language == ChatLanguage.Chinese ? "、" : ", ", flags.Select(f => Name(f.Category, language)));
        return language == ChatLanguage.Chinese
            ? $"⚠ 紧急提示:您描述的情况({signs})可能危及生命。请立即拨打急救电话 120(或当地急救电话),不要等待在线回复。"
            : $"⚠ URGENT: what you describe ({signs}) can be life-threatening. Call emergency services now (911 in the US, 120 in China, or your local emergency number). Do not wait for an online answer.";
    }

    private static string Name(RedFlagCategory category, ChatLanguage language) => (category, language == ChatLanguage.Chinese) switch
    {
        (RedFlagCategory.ChestPain, true) => "胸痛", (RedFlagCategory.ChestPain, false) => "chest pain",
        (RedFlagCategory.Stroke, true) => "中风征兆", (RedFlagCategory.Stroke, false) => "stroke signs",
        (RedFlagCategory.BreathingDifficulty, true) => "呼吸困难", (RedFlagCategory.BreathingDifficulty, false) => "difficulty breathing",
        (RedFlagCategory.SevereBleeding, true) => "严重出血", (RedFlagCategory.SevereBleeding, false) => "severe bleeding",
        (RedFlagCategory.Suicidal, true) => "自杀念头", (RedFlagCategory.Suicidal, false) => "suicidal thoughts",
        (RedFlagCategory.Anaphylaxis, true) => "严重过敏反应", (RedFlagCategory.Anaphylaxis, false) => "severe allergic reaction",
        (RedFlagCategory.Unconsciousness, true) => "意识丧失", (RedFlagCategory.Unconsciousness, false) => "loss of consciousness",
        (RedFlagCategory.Seizure, true) => "抽搐", (RedFlagCategory.Seizure, false) => "seizure",
        (_, true) => "中毒", (_, false) => "poisoning",
    };
}
