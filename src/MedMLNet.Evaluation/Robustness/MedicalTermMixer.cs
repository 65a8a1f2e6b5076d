using System.Text;
using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Robustness;

/// <summary>Code-switching as patients write it: common medical terms swapped between English and Chinese.</summary>
internal static class MedicalTermMixer
{
    private static readonly (string En, string Zh)[] Terms =
    [
        ("fever", "发烧"), ("cough", "咳嗽"), ("headache", "头痛"), ("blood pressure", "血压"), ("diabetes", "糖尿病"),
        ("doctor", "医生"), ("hospital", "医院"), ("medicine", "药"), ("chest pain", "胸痛"), ("cold", "感冒"),
        ("antibiotics", "抗生素"), ("pain", "疼痛"), ("allergy", "过敏"), ("asthma", "哮喘"), ("insulin", "胰岛素"),
        ("ibuprofen", "布洛芬"), ("paracetamol", "对乙酰氨基酚"), ("stroke", "中风"), ("pregnant", "怀孕"), ("vomiting", "呕吐"),
    ];

    /// <summary>
    /// Swaps each known term with probability <paramref name="p"/> (at least one when any is present): Chinese terms to English in text that has
    /// CJK characters, English terms (whole words, any case) to Chinese otherwise.
    /// </summary>
    public static string Mix(string text, Random rng, double p)
    {
        var mixed = MixOnce(text, rng, p);
        // Always switch at least one term when the text has any.
        return mixed != text ? mixed : MixOnce(text, rng, 1.0, firstOnly: true);
    }

    private static string MixOnce(string text, Random rng, double p, bool firstOnly = false)
    {
        var original = text;
        var chinese = text.Any(c => c is >= '\u4e00' and <= '\u9fff');
        foreach (var (en, zh) in Terms.OrderByDescending(t => chinese ? t.Zh.Length : t.En.Length))
        {
            if (!chinese)
            {
                text = Regex.Replace(text, $@"\b{Regex.Escape(en)}\b", m => rng.NextDouble() < p ? zh : m.Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                if (firstOnly && text != original) return text;
                continue;
            }
            var parts = text.Split(zh);
            var sb = new StringBuilder(parts[0]);
            for (var i = 1; i < parts.Length; i++) sb.Append(rng.NextDouble() < p ? $" {en} " : zh).Append(parts[i]);
            text = sb.ToString();
            if (firstOnly && text != original) return text;
        }
        return text;
    }
}
