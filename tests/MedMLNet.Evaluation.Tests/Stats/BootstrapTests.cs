using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Stats;

public class BootstrapTests
{
    [Fact]
    public void MeanCiIsSeededAndBracketsTheMean()
    {
        var values = Enumerable.Range(0, 200).Select(i => Math.Sin(i) * 10 + 50).ToList();
        var a = Bootstrap.Mean(values, seed: 7);
        var b = Bootstrap.Mean(values, seed: 7);
        var c = Bootstrap.Mean(values, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(values.Average(), a.Estimate, 12);
        Assert.True(a.Lower < a.Estimate && a.Estimate < a.Upper);
        // standard error of the mean ≈ sd/√n: the 95% interval should be about ±1.96·SE wide.
        var sd = Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / values.Count);
        var half = (a.Upper - a.Lower) / 2;
        Assert.InRange(half, 1.96 * sd / Math.Sqrt(values.Count) * 0.8, 1.96 * sd / Math.Sqrt(values.Count) * 1.2);
    }

    [Fact]
    public void ConstantSampleHasZeroWidth()
    {
        var ci = Bootstrap.Mean([3.0, 3.0, 3.0]);
        Assert.Equal(new ConfidenceInterval(3, 3, 3, 0.95), ci);
    }

    [Fact]
    public void CorpusBleuCiBracketsCorpusScore()
    {
        var hyps = new[] { "the cat sat on the mat", "a dog ran in the park today", "take two tablets daily with water", "rest and drink fluids" };
        var refs = new[] { "the cat sat on a mat", "the dog ran in the park", "take two tablets every day with water", "rest and drink plenty of fluids" };
        var stats = hyps.Select((h, i) => Bleu.Statistics(h, [refs[i]], BleuTokenizer.Tok13a)).ToList();
        var ci = Bootstrap.CorpusBleu(stats, resamples: 300);
        var corpus = Bleu.Corpus(hyps, refs.Select(r => (IReadOnlyList<string>)[r]).ToList());
        Assert.Equal(corpus.Score, ci.Estimate, 12);
        Assert.True(ci.Lower <= ci.Estimate && ci.Estimate <= ci.Upper);
    }

    [Fact]
    public void QuantileInterpolatesLikeNumpy()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, Bootstrap.Quantile(sorted, 0.5));
        Assert.Equal(1.075, Bootstrap.Quantile(sorted, 0.025), 12);
    }
}
