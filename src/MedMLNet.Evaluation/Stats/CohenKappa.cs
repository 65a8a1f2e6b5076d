namespace MedMLNet.Evaluation.Stats;

/// <summary>How disagreements between ordered categories are weighted in Cohen's kappa.</summary>
public enum KappaWeighting
{
    /// <summary>Every disagreement counts 1 (Cohen 1960).</summary>
    None,
    /// <summary>|i − j| (Cicchetti–Allison).</summary>
    Linear,
    /// <summary>(i − j)² (Fleiss–Cohen; equals the ICC for large samples).</summary>
    Quadratic,
}

/// <summary>Cohen's kappa for two raters, unweighted or weighted.</summary>
public static class CohenKappa
{
    /// <summary>
    /// Kappa of two raters' labels on the same items; pairs with a missing (null) label are skipped.
    /// Categories are the sorted union of the labels seen, or <paramref name="categories"/> (their order
    /// defines distances for weighting). Returns NaN when expected disagreement is 0 (e.g. one category only).
    /// </summary>
    public static double Compute(IReadOnlyList<int?> rater1, IReadOnlyList<int?> rater2, KappaWeighting weighting = KappaWeighting.None,
        IReadOnlyList<int>? categories = null)
    {
        if (rater1.Count != rater2.Count) throw new ArgumentException($"both raters must rate the same items ({rater1.Count} vs {rater2.Count}).");
        var pairs = rater1.Zip(rater2).Where(p => p.First is not null && p.Second is not null).Select(p => (p.First!.Value, p.Second!.Value)).ToList();
        var cats = categories?.ToList() ?? pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).Distinct().Order().ToList();
        var index = cats.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var k = cats.Count;
        var table = new double[k, k];
        foreach (var (a, b) in pairs) table[index[a], index[b]]++;
        return FromTable(table, weighting);
    }

    /// <summary>Kappa of two raters' string labels (categories unordered, so weighting should be None).</summary>
    public static double Compute(IReadOnlyList<string?> rater1, IReadOnlyList<string?> rater2)
    {
        var codes = rater1.Concat(rater2).Where(x => x != null).Distinct().Order(StringComparer.Ordinal).Select((x, i) => (x!, i)).ToDictionary(t => t.Item1, t => t.i);
        int? Code(string? x) => x == null ? null : codes[x];
        return Compute(rater1.Select(Code).ToList(), rater2.Select(Code).ToList());
    }

    /// <summary>Kappa from a k×k contingency table (rows rater 1, columns rater 2).</summary>
    public static double FromTable(double[,] table, KappaWeighting weighting = KappaWeighting.None)
    {
        var k = table.GetLength(0);
        if (table.GetLength(1) != k) throw new ArgumentException("the contingency table must be square.");
        double n = 0;
        var rows = new double[k];
        var cols = new double[k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++) { n += table[i, j]; rows[i] += table[i, j]; cols[j] += table[i, j]; }
        if (n == 0) return double.NaN;
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                var w = Weight(i, j, weighting);
                observed += w * table[i, j] / n;
                expected += w * rows[i] * cols[j] / (n * n);
            }
        return expected == 0 ? double.NaN : 1 - observed / expected;
    }

    /// <summary>The disagreement weight of categories i and j.</summary>
    public static double Weight(int i, int j, KappaWeighting weighting) => weighting switch
    {
        KappaWeighting.Linear => Math.Abs(i - j),
        KappaWeighting.Quadratic => (i - j) * (double)(i - j),
        _ => i == j ? 0 : 1,
    };
}
