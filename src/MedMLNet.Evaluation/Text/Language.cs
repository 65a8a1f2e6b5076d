namespace MedMLNet.Evaluation.Text;

/// <summary>Language codes the metrics understand: "en" (default) and "zh".</summary>
public static class Language
{
    /// <summary>English, the default.</summary>
    public const string English = "en";

    /// <summary>Chinese.</summary>
    public const string Chinese = "zh";

    /// <summary>True for "zh" and its regional forms (zh-CN, zh-Hans, ...).</summary>
    public static bool IsChinese(string? lang) =>
        lang != null && (lang.Equals("zh", StringComparison.OrdinalIgnoreCase) || lang.StartsWith("zh-", StringComparison.OrdinalIgnoreCase) || lang.StartsWith("zh_", StringComparison.OrdinalIgnoreCase));

    /// <summary>"zh" or "en".</summary>
    public static string Normalize(string? lang) => IsChinese(lang) ? Chinese : English;
}
