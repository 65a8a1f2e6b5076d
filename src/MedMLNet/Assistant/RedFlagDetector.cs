using System.Text.RegularExpressions;

namespace MedMLNet.Assistant;

/// <summary>
/// Finds emergency signs in English and Chinese text (chest pain/胸痛, stroke signs such as face drooping, slurred speech,
/// one-sided weakness/口角歪斜, 言语不清, 一侧肢体无力, difficulty breathing/呼吸困难, severe bleeding/大出血, suicidal
/// thoughts/想自杀, anaphylaxis/过敏性休克, unconsciousness/昏迷, seizures/抽搐, poisoning/中毒, lethal-dose questions/致死量). Case-insensitive keyword
/// rules: they err on the side of warning; a match means "tell the user to call emergency services", never a diagnosis.
/// </summary>
public static class RedFlagDetector
{
    private static readonly (RedFlagCategory Category, Regex Pattern)[] Rules =
    [
        (RedFlagCategory.ChestPain, R(@"chest (pain|pressure|tightness)|pain in (my|the) chest|crushing chest|胸痛|胸口(痛|疼|剧痛|压迫)|胸闷")),
        (RedFlagCategory.Stroke, R(@"face (is )?droop|drooping face|slurred speech|slurring|(one-sided|one side(d)?|sudden) (weakness|numbness)|weakness (on|in) one side|can'?t (lift|move) (my|one) (arm|leg)|stroke|口角歪斜|嘴歪|言语不清|说话不清|口齿不清|一侧肢体(无力|麻木)|半身(不遂|无力|麻木)|中风|卒中")),
        (RedFlagCategory.BreathingDifficulty, R(@"(difficulty|trouble|struggling) breathing|can'?t breathe|cannot breathe|short(ness)? of breath|choking|呼吸困难|喘不(过|上)气|透不过气|窒息")),
        (RedFlagCategory.SevereBleeding, R(@"(severe|heavy|uncontrolled|won'?t stop) bleeding|bleeding (heavily|a lot|won'?t stop)|vomiting blood|coughing up blood|大出血|出血不止|血流不止|吐血|咯血|呕血")),
        (RedFlagCategory.Suicidal, R(@"suicid|kill myself|end my life|want to die|hurt myself|self-harm|想自杀|自杀|不想活|轻生|想死|结束(自己的)?生命|自残")),
        (RedFlagCategory.Anaphylaxis, R(@"anaphyla|(throat|tongue|lips?) (is |are )?swell|swelling of (the|my) (throat|tongue|face)|severe allergic|过敏性休克|喉咙肿|喉头水肿|严重过敏")),
        (RedFlagCategory.Unconsciousness, R(@"unconscious|passed out|fainted|unresponsive|not responding|won'?t wake|昏迷|晕倒|昏倒|失去意识|叫不醒|意识不清")),
        (RedFlagCategory.Seizure, R(@"seizure|convuls|抽搐|癫痫发作|惊厥")),
        (RedFlagCategory.Poisoning, R(@"overdose|poison|swallowed (bleach|pills)|(lethal|fatal|deadly) dose|dose (that|to|which would) kill|中毒|吞(了|服)(大量)?药|误服|致死(剂)?量|吃多少.{0,8}(会|才能)?死")),
    ];

    private static Regex R(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Every emergency sign in <paramref name="text"/>, one per category, in rule order.</summary>
    public static IReadOnlyList<RedFlag> Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var found = new List<RedFlag>();
        foreach (var (category, pattern) in Rules)
            if (pattern.Match(text) is { Success: true } m) found.Add(new RedFlag(category, m.Value));
        return found;
    }
}
