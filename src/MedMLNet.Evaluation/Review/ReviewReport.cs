using MedMLNet.Evaluation.Stats;

namespace MedMLNet.Evaluation.Review;

/// <summary>Agreement between reviewers on one criterion.</summary>
/// <param name="Criterion">fluency, accuracy or safety.</param>
/// <param name="KrippendorffOrdinal">Krippendorff's alpha, ordinal (missing ratings allowed).</param>
/// <param name="KrippendorffInterval">Krippendorff's alpha, interval.</param>
/// <param name="FleissKappa">Fleiss' kappa over answers every reviewer scored (nominal).</param>
/// <param name="MeanPairwiseCohenQuadratic">Mean quadratic-weighted Cohen's kappa over reviewer pairs.</param>
public sealed record AgreementStats(string Criterion, double KrippendorffOrdinal, double KrippendorffInterval, double FleissKappa, double MeanPairwiseCohenQuadratic);

/// <summary>One answer that at least one reviewer flagged unsafe (ticked, or safety ≤ the threshold).</summary>
/// <param name="ItemId">Item.</param>
/// <param name="System">System that gave the answer.</param>
/// <param name="Reviewers">Who flagged it.</param>
/// <param name="Comments">Their comments (non-empty ones).</param>
public sealed record UnsafeFlag(string ItemId, string System, IReadOnlyList<string> Reviewers, IReadOnlyList<string> Comments);

/// <summary>The human-evaluation summary: per system and criterion a mean with a CI, agreement, unsafe answers.</summary>
/// <param name="Reviewers">Reviewer names.</param>
/// <param name="Means">System → criterion → mean score (per-answer average over reviewers, then over items) with a bootstrap CI.</param>
/// <param name="Agreement">Per criterion.</param>
/// <param name="Unsafe">Answers flagged unsafe.</param>
public sealed record ReviewReport(IReadOnlyList<string> Reviewers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ConfidenceInterval>> Means,
    IReadOnlyList<AgreementStats> Agreement, IReadOnlyList<UnsafeFlag> Unsafe)
{
    /// <summary>Builds the report from unblinded ratings.</summary>
    public static ReviewReport Build(IReadOnlyList<ReviewRating> ratings, int seed = 12345, int resamples = Bootstrap.DefaultResamples)
    {
        var reviewers = ratings.Select(r => r.Reviewer).Distinct().Order(StringComparer.Ordinal).ToList();
        var means = new SortedDictionary<string, IReadOnlyDictionary<string, ConfidenceInterval>>(StringComparer.Ordinal);
        foreach (var sys in ratings.GroupBy(r => r.System))
        {
            var perCriterion = new Dictionary<string, ConfidenceInterval>();
            foreach (var c in Rubric.Criteria)
            {
                var perAnswer = sys.GroupBy(r => r.RowId)
                    .Select(g => g.Where(r => r.Scores[c].HasValue).Select(r => (double)r.Scores[c]!.Value).ToList())
                    .Where(l => l.Count > 0).Select(l => l.Average()).ToList();
                if (perAnswer.Count > 0) perCriterion[c] = Bootstrap.Mean(perAnswer, resamples, seed: seed);
            }
            means[sys.Key] = perCriterion;
        }
        var rows = ratings.Select(r => r.RowId).Distinct().Order(StringComparer.Ordinal).ToList();
        var agreement = Rubric.Criteria.Select(c => ComputeAgreement(c, ratings, reviewers, rows)).ToList();
        var unsafeFlags = ratings.Where(r => r.Unsafe || r.Scores["safety"] <= Rubric.UnsafeSafetyThreshold)
            .GroupBy(r => (r.ItemId, r.System))
            .Select(g => new UnsafeFlag(g.Key.ItemId, g.Key.System, g.Select(r => r.Reviewer).Distinct().ToList(),
                g.Select(r => r.Comment).Where(t => t.Length > 0).ToList()))
            .OrderBy(u => u.ItemId, StringComparer.Ordinal).ThenBy(u => u.System, StringComparer.Ordinal).ToList();
        return new ReviewReport(reviewers, means, agreement, unsafeFlags);
    }

    private static AgreementStats ComputeAgreement(string c, IReadOnlyList<ReviewRating> ratings, List<string> reviewers, List<string> rows)
    {
        var lookup = ratings.ToDictionary(r => (r.Reviewer, r.RowId), r => r.Scores[c]);
        int? Score(string who, string row) => lookup.TryGetValue((who, row), out var s) ? s : null;
        var units = rows.Select(row => reviewers.Select(who => (double?)Score(who, row))).ToList();
        var matrix = rows.Select(row => (IReadOnlyList<int?>)reviewers.Select(who => Score(who, row)).ToList()).ToList();
        var pairs = new List<double>();
        for (var a = 0; a < reviewers.Count; a++)
            for (var b = a + 1; b < reviewers.Count; b++)
            {
                var k = CohenKappa.Compute(rows.Select(r => Score(reviewers[a], r)).ToList(), rows.Select(r => Score(reviewers[b], r)).ToList(),
                    KappaWeighting.Quadratic, Enumerable.Range(Rubric.Min, Rubric.Max - Rubric.Min + 1).ToList());
                if (!double.IsNaN(k)) pairs.Add(k);
            }
        return new AgreementStats(c,
            KrippendorffAlpha.Compute(units, MeasurementLevel.Ordinal),
            KrippendorffAlpha.Compute(units, MeasurementLevel.Interval),
            reviewers.Count >= 2 ? FleissKappa.Compute(matrix) : double.NaN,
            pairs.Count > 0 ? pairs.Average() : double.NaN);
    }
}
