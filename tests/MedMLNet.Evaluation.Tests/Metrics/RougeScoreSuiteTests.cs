using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>
/// The vectors of rouge-score's own tests (rouge/rouge_scorer_test.py, rouge/scoring_test.py, with their testdata
/// files' first lines transcribed), checked at those tests' tolerances (assertAlmostEqual: 7 places unless given).
/// rouge-score's RougeScorer defaults to use_stemmer=False: that is <c>stem: false</c> here.
/// </summary>
public class RougeScoreSuiteTests
{
    private static void Almost(double expected, double actual, int places = 7) =>
        Assert.True(Math.Round(expected - actual, places) == 0, $"expected {expected}, got {actual}");

    private static RougeScore Score(string target, string prediction, bool stem = false) => Rouge.Score(prediction, target, Language.English, stem);

    private static void Prf(PrfScore s, double p, double r, double f, int places = 7)
    {
        Almost(p, s.P, places);
        Almost(r, s.R, places);
        Almost(f, s.F, places);
    }

    [Fact]
    public void Rouge1() => Prf(Score("testing one two", "testing").Rouge1, 1, 1.0 / 3, 1.0 / 2);

    [Fact]
    public void RougeOfAnEmptyPredictionIsZero()
    {
        var s = Score("testing one two", "");
        foreach (var p in new[] { s.Rouge1, s.Rouge2, s.RougeL, s.RougeLsum }) Prf(p, 0, 0, 0);
    }

    [Fact]
    public void Rouge2() => Prf(Score("testing one two", "testing one").Rouge2, 1, 1.0 / 2, 2.0 / 3);

    [Fact]
    public void RougeLConsecutiveAndNot()
    {
        Prf(Score("testing one two", "testing one").RougeL, 1, 2.0 / 3, 4.0 / 5);
        Prf(Score("testing one two", "testing two").RougeL, 1, 2.0 / 3, 4.0 / 5);
        Prf(Score("testing one two", "testing one").Rouge1, 1, 2.0 / 3, 4.0 / 5);
    }

    // testdata/target.txt and prediction.txt, lines 1 and 2 (readlines: with their newline)
    private const string Target0 = "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n";
    private const string Target1 = "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n";
    private const string Prediction0 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n";
    private const string Prediction1 = "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n";

    [Fact]
    public void AgainstRouge155()
    {
        // testRouge1AgainstRouge155 / testRouge2AgainstRouge155 / testRougeLAgainstRouge155 (places=5)
        var a = Score(Target0, Prediction0);
        var b = Score(Target1, Prediction1);
        Prf(a.Rouge1, 0.68750, 0.40741, 0.51163, 5);
        Prf(b.Rouge1, 0.65385, 0.40476, 0.50000, 5);
        Prf(a.Rouge2, 0.53333, 0.30769, 0.39024, 5);
        Prf(b.Rouge2, 0.48000, 0.29268, 0.36364, 5);
        Prf(a.RougeL, 0.68750, 0.40741, 0.51163, 5);
        Prf(b.RougeL, 0.65385, 0.40476, 0.50000, 5);
    }

    [Fact]
    public void AgainstRouge155WithStemming()
    {
        var a = Score(Target0, Prediction0, stem: true);
        var b = Score(Target1, Prediction1, stem: true);
        Prf(a.Rouge1, 0.68750, 0.40741, 0.51163, 5);
        Prf(b.Rouge1, 0.69231, 0.42857, 0.52941, 5);
        Prf(a.Rouge2, 0.53333, 0.30769, 0.39024, 5);
        Prf(b.Rouge2, 0.48000, 0.29268, 0.36364, 5);
    }

    [Fact]
    public void RougeLsumAgainstRouge155WithStemming()
    {
        // testdata/pyrouge_files/target_multi.0.txt and prediction_multi.0.txt
        const string target = Target0 + Target1 +
            "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE -HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT\n" +
            "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM\n";
        const string prediction = Prediction0 + Prediction1 +
            "xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J\n" +
            "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO\n";
        Prf(Score(target, prediction, stem: true).RougeLsum, 0.66667, 0.36538, 0.47205, 5);
    }

    [Fact]
    public void SummaryLevelLcs()
    {
        // testSummaryLevelLcs: union LCS [1, 2] ∪ [1, 3, 5] = 4 hits of 5 reference and 10 candidate tokens
        var score = Rouge.SummaryLevelLcs([["1", "2", "3", "4", "5"]], [["1", "2", "6", "7", "8"], ["1", "3", "8", "9", "5"]]);
        Assert.Equal(0.8, score.R);
        Assert.Equal(0.4, score.P);
        Almost(0.5333, score.F, 3);
        Assert.Equal(0.0, Rouge.SummaryLevelLcs([["reference"]], [[]]).R);
    }

    [Fact]
    public void RougeLsumOverNewlineSentences()
    {
        // testRougeLsum
        Prf(Score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5").RougeLsum, 0.4, 0.8, 0.5333, 3);
        Prf(Score("w1 w2 w3 w4 w5", "").RougeLsum, 0, 0, 0, 3);
        Prf(Score("", "w1").RougeLsum, 0, 0, 0, 3);
        Prf(Score("w1 w2 w3 w4 w5", "/").RougeLsum, 0, 0, 0, 3);
    }

    [Fact]
    public void ScoreMultiKeepsTheBestReferencePerType()
    {
        // rouge-score's score_multi (what HF evaluate calls): rouge1 against "The man had bitten the dog." = 4/6, 4/6
        var s = Rouge.ScoreMulti("The man had just bitten him.", ["The man bit him first.", "The man had bitten the dog."], Language.English, stem: false);
        Prf(s.Rouge1, 4.0 / 6, 4.0 / 6, 4.0 / 6, 4);
        Almost(0.6667, s.Rouge1.F, 4);
        // against the first alone: 3 of 6 predicted, 3 of 5 target → F 0.5455
        Almost(0.5455, Rouge.Score("The man had just bitten him.", "The man bit him first.", Language.English, false).Rouge1.F, 4);
        // the first reference wins a tie (numpy's argmax)
        var tie = Rouge.ScoreMulti("a b", ["a c", "b d"], Language.English, stem: false);
        Assert.Equal(Rouge.Score("a b", "a c", Language.English, false).Rouge2, tie.Rouge2);
    }

    [Fact]
    public void SplitSummariesFindsSentencesWithoutNewlines()
    {
        // split: "w1 w2 w6." and "W1 w3 w8 w9 w5." are two candidate sentences, as in testRougeLsum's newline case
        var split = Rouge.Score("w1 w2 w6 w7 w8. W1 w3 w8 w9 w5.", "w1 w2 w3 w4 w5", Language.English, stem: false, splitSummaries: true);
        Prf(split.RougeLsum, 0.4, 0.8, 0.5333, 3);
        var unsplit = Rouge.Score("w1 w2 w6 w7 w8. W1 w3 w8 w9 w5.", "w1 w2 w3 w4 w5", Language.English, stem: false);
        Assert.Equal(unsplit.RougeL, unsplit.RougeLsum);
        Assert.Equal(["Take 2 mg. daily with Dr. Lee.", "Rest!", "发烧了。", "多喝水？"], SentenceSplitter.Split("Take 2 mg. daily with Dr. Lee. Rest! 发烧了。多喝水？"));
    }

    // scoring_test.py: BootstrapAggregator on three hand-made scores
    private static IReadOnlyList<KeyValuePair<string, AggregateScore>> ThreeScores(double confidence)
    {
        var aggregator = new BootstrapAggregator(confidence);
        aggregator.AddScores([new KeyValuePair<string, PrfScore>("rouge1", new PrfScore(1, 1.0 / 3, 1.0 / 2))]);
        aggregator.AddScores([new KeyValuePair<string, PrfScore>("rouge1", new PrfScore(0, 0, 0))]);
        aggregator.AddScores([new KeyValuePair<string, PrfScore>("rouge1", new PrfScore(1, 1, 1))]);
        return aggregator.Aggregate();
    }

    [Fact]
    public void BootstrapConsistentPercentiles()
    {
        var a = Assert.Single(ThreeScores(0.9)).Value;
        Prf(a.Low, 1.0 / 3, 1.0 / 9, 1.0 / 6, 8);
        Prf(a.Mid, 2.0 / 3, 4.0 / 9, 3.0 / 6, 8);
        Prf(a.High, 1, 7.0 / 9, 5.0 / 6, 8);
    }

    [Fact]
    public void BootstrapWithZeroConfidenceGivesTheMedianThrice()
    {
        var a = Assert.Single(ThreeScores(0.0)).Value;
        foreach (var s in new[] { a.Low, a.Mid, a.High }) Prf(s, 2.0 / 3, 4.0 / 9, 3.0 / 6, 8);
    }

    [Fact]
    public void BootstrapKeepsEveryRougeType()
    {
        var aggregator = new BootstrapAggregator();
        aggregator.AddScores(Score(Target0, Prediction0));
        aggregator.AddScores(Score(Target1, Prediction1));
        Assert.Equal(["rouge1", "rouge2", "rougeL", "rougeLsum"], aggregator.Aggregate().Select(kv => kv.Key));
    }
}
