using System.Text.RegularExpressions;

namespace MedMLNet.Cli.Chat;

/// <summary>
/// Emergency signs in a user's message (English and Chinese): chest pain, stroke signs, breathing trouble, severe
/// bleeding, loss of consciousness, anaphylaxis, suicidal thoughts, seizures. A match prints an urgent notice before the
/// model's reply; the model is never trusted to say it.
/// </summary>
internal static partial class RedFlags
{
    private static readonly (string Sign, Regex Pattern)[] Signs =
    [
        ("chest pain", new(@"chest (pain|tightness|pressure)|crushing chest|胸痛|胸口(疼|痛|闷|压)|心前区(疼|痛)", RegexOptions.IgnoreCase)),
        ("stroke signs", new(@"face (is )?droop|slurred speech|one[- ]sided (weakness|numbness)|sudden (weakness|numbness)|口角歪斜|口眼歪斜|言语不清|说话不清|一侧(肢体|手脚)(无力|麻木)|半身不遂", RegexOptions.IgnoreCase)),
        ("difficulty breathing", new(@"(can'?t|cannot|unable to|trouble|difficulty|hard to) breath|shortness of breath|short of breath|呼吸困难|喘不上气|憋气|窒息", RegexOptions.IgnoreCase)),
        ("severe bleeding", new(@"(severe|heavy|uncontrolled|won'?t stop) bleeding|vomiting blood|coughing (up )?blood|大出血|出血不止|吐血|咯血|便血很多", RegexOptions.IgnoreCase)),
        ("loss of consciousness", new(@"unconscious|passed out|fainted|not responding|unresponsive|昏迷|晕倒|意识不清|叫不醒", RegexOptions.IgnoreCase)),
        ("anaphylaxis", new(@"anaphyla|throat (is )?(swelling|closing)|swollen (tongue|throat)|喉咙肿|喉头水肿|过敏性休克", RegexOptions.IgnoreCase)),
        ("suicidal thoughts", new(@"suicid|kill myself|end my life|want to die|想自杀|不想活|轻生|结束生命", RegexOptions.IgnoreCase)),
        ("seizure", new(@"seizure|convulsion|抽搐|癫痫发作", RegexOptions.IgnoreCase)),
    ];

    /// <summary>The emergency signs found in <paramref name="text"/>, in table order.</summary>
    public static IReadOnlyList<string> Find(string text) => Signs.Where(s => s.Pattern.IsMatch(text)).Select(s => s.Sign).ToList();

    /// <summary>The urgent notice for the signs found, in the user's language.</summary>
    public static string Notice(IReadOnlyList<string> signs, bool chinese) => chinese
        ? $"⚠ 紧急提示：您描述的情况（{string.Join("、", signs.Select(Chinese))}）可能危及生命。请立即拨打 120 或前往最近的急诊，不要等待线上回复。"
        : $"⚠ URGENT: what you describe ({string.Join(", ", signs)}) can be life-threatening. Call emergency services (911 / 112 / 120 / your local number) or go to the nearest emergency department now; do not wait for an online answer.";

    private static string Chinese(string sign) => sign switch
    {
        "chest pain" => "胸痛", "stroke signs" => "中风征象", "difficulty breathing" => "呼吸困难", "severe bleeding" => "严重出血",
        "loss of consciousness" => "意识丧失", "anaphylaxis" => "严重过敏", "suicidal thoughts" => "自杀念头", "seizure" => "抽搐",
        _ => sign,
    };
}
