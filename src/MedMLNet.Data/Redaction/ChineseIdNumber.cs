namespace MedMLNet.Data.Redaction;

/// <summary>The 18-character resident identity number (居民身份证号, GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.</summary>
internal static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    /// <summary>True when <paramref name="s"/> is 17 digits plus the right check character (X case-insensitive).</summary>
    public static bool IsValid(ReadOnlySpan<char> s)
    {
        if (s.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            sum += (s[i] - '0') * Weights[i];
        }
        return char.ToUpperInvariant(s[17]) == CheckChars[sum % 11];
    }
}
