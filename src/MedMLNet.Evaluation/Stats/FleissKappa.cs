namespace MedMLNet.Evaluation.Stats;

/// <summary>Fleiss' kappa (Fleiss 1971) for a fixed number of raters per subject.</summary>
public static class FleissKappa
{
    /// <summary>
    /// Kappa from counts[subject, category] = raters who put the subject in the category; every subject must
    /// have the same number of ratings (at least 2). Returns NaN when chance agreement is 1.
    /// </summary>
    public static double FromCounts(int[,] counts)
    {
        int subjects = counts.GetLength(0), k = counts.GetLength(1);
        if (subjects == 0) throw new ArgumentException("Fleiss' kappa needs at least one subject.");
        var raters = Enumerable.Range(0, k).Sum(j => counts[0, j]);
        if (raters < 2) throw new ArgumentException("Fleiss' kappa needs at least two ratings per subject.");
        var pj = new double[k];
        double pBar = 0;
        for (var i = 0; i < subjects; i++)
        {
            var rowSum = 0;
            double agree = 0;
            for (var j = 0; j < k; j++)
            {
                rowSum += counts[i, j];
                pj[j] += counts[i, j];
                agree += counts[i, j] * (counts[i, j] - 1.0);
            }
            if (rowSum != raters)
                throw new ArgumentException($"Fleiss' kappa needs the same number of ratings per subject (subject {i} has {rowSum}, subject 0 has {raters}).");
            pBar += agree / (raters * (raters - 1.0));
        }
        pBar /= subjects;
        var pe = pj.Sum(p => Math.Pow(p / (subjects * (double)raters), 2));
        return pe == 1 ? double.NaN : (pBar - pe) / (1 - pe);
    }

    /// <summary>Kappa from ratings[subject][rater]; subjects where any rating is missing (null) are left out.</summary>
    public static double Compute(IEnumerable<IReadOnlyList<int?>> ratings)
    {
        var complete = ratings.Where(r => r.All(x => x.HasValue)).Select(r => r.Select(x => x!.Value).ToList()).ToList();
        var cats = complete.SelectMany(r => r).Distinct().Order().ToList();
        if (complete.Count == 0 || cats.Count == 0) return double.NaN;
        var counts = new int[complete.Count, cats.Count];
        for (var i = 0; i < complete.Count; i++)
            foreach (var x in complete[i]) counts[i, cats.IndexOf(x)]++;
        return FromCounts(counts);
    }
}
