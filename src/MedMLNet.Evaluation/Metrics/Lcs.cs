namespace MedMLNet.Evaluation.Metrics;

/// <summary>Longest common subsequence table and rouge-score's non-recursive backtrack.</summary>
internal static class Lcs
{
    /// <summary>t[i, j] = LCS length of ref[..i] and can[..j].</summary>
    public static int[,] Table(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var t = new int[a.Count + 1, b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
            for (var j = 1; j <= b.Count; j++)
                t[i, j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? t[i - 1, j - 1] + 1
                    : Math.Max(t[i - 1, j], t[i, j - 1]);
        return t;
    }

    /// <summary>The indices into <paramref name="reference"/> of one LCS, chosen as rouge-score's <c>_backtrack_norec</c> chooses.</summary>
    public static List<int> Indices(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var t = Table(reference, candidate);
        var result = new List<int>();
        int i = reference.Count, j = candidate.Count;
        while (i > 0 && j > 0)
        {
            if (string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal)) { result.Add(i - 1); i--; j--; }
            else if (t[i, j - 1] > t[i - 1, j]) j--;
            else i--;
        }
        result.Reverse();
        return result;
    }
}
