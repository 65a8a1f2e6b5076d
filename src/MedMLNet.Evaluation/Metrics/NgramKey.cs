using System.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>An unambiguous string key for a token n-gram (each token length-prefixed, so no separator can collide).</summary>
internal static class NgramKey
{
    public static string Of(IReadOnlyList<string> tokens, int start, int n)
    {
        if (n == 1) return tokens[start];
        var sb = new StringBuilder();
        for (var i = start; i < start + n; i++) sb.Append(tokens[i].Length).Append(':').Append(tokens[i]);
        return sb.ToString();
    }
}
