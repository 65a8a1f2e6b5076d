using MedMLNet.Evaluation.Stats;

namespace MedMLNet.Evaluation.Tests.Stats;

public class AgreementTests
{
    // Cohen's kappa worked example (Wikipedia, "Cohen's kappa", Example): 50 proposals, two readers.
    // Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15 → p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
    [Fact]
    public void CohenKappaWikipediaExample()
    {
        var table = new double[,] { { 20, 5 }, { 10, 15 } };
        Assert.Equal(0.4, CohenKappa.FromTable(table), 12);
        var a = Enumerable.Repeat("yes", 25).Concat(Enumerable.Repeat("no", 25)).ToList();
        var b = Enumerable.Repeat("yes", 20).Concat(Enumerable.Repeat("no", 5)).Concat(Enumerable.Repeat("yes", 10)).Concat(Enumerable.Repeat("no", 15)).ToList();
        Assert.Equal(0.4, CohenKappa.Compute(a.Cast<string?>().ToList(), b.Cast<string?>().ToList()), 12);
    }

    // Hand derivation, 3 ordered categories, table [[2,1,0],[0,2,1],[0,0,2]] (n = 8).
    // Rows (4/8... ) r = (3,3,2), c = (2,3,3). Linear weights |i−j|:
    //   observed = (1+1)/8 = 0.25; expected = Σ w r_i c_j / 64 = (3·3·1 + 3·3·2 + 3·2·1 + 3·3·1 + 2·2·2 + 2·3·1)/64 = 56/64
    //   κ_w = 1 − 0.25/0.875 = 0.7142857...
    // Quadratic weights (i−j)²: observed = 2/8 = 0.25; expected = (9 + 36 + 6 + 9 + 16 + 6)/64 = 82/64 → κ = 1 − 0.25·64/82.
    [Fact]
    public void WeightedKappaHandDerived()
    {
        var table = new double[,] { { 2, 1, 0 }, { 0, 2, 1 }, { 0, 0, 2 } };
        Assert.Equal(1 - 0.25 / (56.0 / 64), CohenKappa.FromTable(table, KappaWeighting.Linear), 12);
        Assert.Equal(1 - 0.25 * 64 / 82, CohenKappa.FromTable(table, KappaWeighting.Quadratic), 12);
    }

    [Fact]
    public void PerfectAgreementIsOneAndTwoCategoryWeightsCoincide()
    {
        int?[] a = [1, 2, 3, 4, 5, 1, 2];
        Assert.Equal(1.0, CohenKappa.Compute(a, a, KappaWeighting.Quadratic), 12);
        var t = new double[,] { { 7, 3 }, { 2, 9 } };
        Assert.Equal(CohenKappa.FromTable(t), CohenKappa.FromTable(t, KappaWeighting.Linear), 12);
        Assert.Equal(CohenKappa.FromTable(t), CohenKappa.FromTable(t, KappaWeighting.Quadratic), 12);
    }

    // Fleiss' kappa worked example (Wikipedia, "Fleiss' kappa", Worked example; data after Fleiss 1971's
    // layout): 10 subjects, 14 raters, 5 categories. P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    [Fact]
    public void FleissKappaWorkedExample()
    {
        var counts = new int[,]
        {
            { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 }, { 2, 2, 8, 1, 1 },
            { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 }, { 0, 2, 2, 3, 7 },
        };
        var kappa = FleissKappa.FromCounts(counts);
        Assert.Equal(0.210, Math.Round(kappa, 3));
        // exact: Σ_i Σ_j n_ij(n_ij − 1) = 182+46+56+80+60+84+44+32+52+52 = 688, P̄ = 688 / (10·14·13);
        // P̄e = Σ p_j² with p = (20, 28, 39, 21, 32)/140.
        var pBar = 688.0 / 1820;
        var pe = new[] { 20.0, 28, 39, 21, 32 }.Sum(x => x / 140 * (x / 140));
        Assert.Equal((pBar - pe) / (1 - pe), kappa, 12);
    }

    [Fact]
    public void FleissKappaOfTwoRatersEqualsScottPi()
    {
        // Two raters: Fleiss' kappa is Scott's pi. Ratings a = [1,1,2,2], b = [1,2,2,2]:
        // p_o = 3/4; pooled marginals 3/8 and 5/8 → p_e = 9/64 + 25/64 = 34/64; π = (0.75 − 34/64)/(1 − 34/64) = 14/30.
        var kappa = FleissKappa.Compute(new List<IReadOnlyList<int?>> { new int?[] { 1, 1 }, new int?[] { 1, 2 }, new int?[] { 2, 2 }, new int?[] { 2, 2 } });
        Assert.Equal(14.0 / 30, kappa, 12);
    }

    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 observers, 12 units,
    // values 1–5 with missing data. Published: nominal α = 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
    private static readonly double?[][] KrippendorffC =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    [InlineData(MeasurementLevel.Ratio, 0.797)]
    public void KrippendorffCanonicalExample(MeasurementLevel level, double published)
    {
        var alpha = KrippendorffAlpha.FromRaterRows(KrippendorffC, level);
        Assert.Equal(published, Math.Round(alpha, 3));
    }

    // Krippendorff (2011) example A: two coders, ten units, binary data → α = 0.095.
    [Fact]
    public void KrippendorffBinaryExample()
    {
        double?[] a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        double?[] b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        Assert.Equal(0.095, Math.Round(KrippendorffAlpha.FromRaterRows([a, b], MeasurementLevel.Nominal), 3));
    }
}
