using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>Cases whose scores follow from the definitions by hand.</summary>
public class HandDerivedTests
{
    private static Meteor Meteor => new(TestWordNet.Database);

    [Fact]
    public void IdenticalStrings()
    {
        const string s = "Take two tablets of ibuprofen with food";   // 7 tokens
        var bleu = Bleu.Sentence(s, [s]);
        Assert.Equal(100, bleu.Score, 9);
        Assert.Equal(1.0, bleu.BrevityPenalty);
        Assert.Equal(7, bleu.SysLen);
        var rouge = Rouge.Score(s, s);
        foreach (var p in new[] { rouge.Rouge1, rouge.Rouge2, rouge.RougeL, rouge.RougeLsum }) Assert.Equal(PrfScore.From(1, 1), p);
        // P = R = 1, one chunk of 7 matches: (1 − 0.5·(1/7)³)·1
        Assert.Equal(1 - 0.5 * Math.Pow(1.0 / 7, 3), Meteor.Score(s, [s]), 12);
    }

    [Fact]
    public void DisjointStrings()
    {
        var bleu = Bleu.Sentence("red blue green", ["one two three"]);
        Assert.Equal(0, bleu.Score);
        Assert.Equal([0, 0, 0, 0], bleu.Precisions);
        var rouge = Rouge.Score("red blue green", "one two three");
        Assert.Equal(PrfScore.Zero, rouge.Rouge1);
        Assert.Equal(PrfScore.Zero, rouge.RougeL);
        Assert.Equal(0, Meteor.Score("red blue green", ["one two three"]));
    }

    [Fact]
    public void EmptyHypothesis()
    {
        var bleu = Bleu.Sentence("", ["Rest and drink fluids."]);
        Assert.Equal(0, bleu.Score);
        Assert.Equal(0, bleu.SysLen);
        Assert.Equal(5, bleu.RefLen);          // Rest and drink fluids .
        Assert.Equal(0, bleu.BrevityPenalty); // sys_len 0
        Assert.Equal(PrfScore.Zero, Rouge.Score("", "Rest and drink fluids.").RougeLsum);
        Assert.Equal(0, Meteor.Score("", ["Rest and drink fluids."]));
    }

    [Fact]
    public void SentenceBleuHandComputed()
    {
        // hyp "a b c d" vs ref "a b c e": p1 = 3/4, p2 = 2/3, p3 = 1/2, p4 = 0 → exp smoothing: 100/(2·1).
        var bleu = Bleu.Sentence("a b c d", ["a b c e"]);
        double[] expected = [75, 200.0 / 3, 50, 50];
        for (var n = 0; n < 4; n++) Assert.Equal(expected[n], bleu.Precisions[n], 10);
        Assert.Equal(Math.Exp((Math.Log(75) + Math.Log(200.0 / 3) + Math.Log(50) + Math.Log(50)) / 4), bleu.Score, 10);
        // a shorter hypothesis: effective order 2 and a brevity penalty exp(1 − 4/2)
        var shortBleu = Bleu.Sentence("a b", ["a b c e"]);
        Assert.Equal(Math.Exp(1 - 2.0) * 100, shortBleu.Score, 10);
    }

    [Fact]
    public void MultipleReferencesClipByTheBestReferenceAndPickClosestLength()
    {
        // "the the the" vs refs "the cat" and "the the dog": unigram clip max(1, 2) = 2 → p1 = 2/3; closest ref length 3.
        var bleu = Bleu.Sentence("the the the", ["the cat", "the the dog"]);
        Assert.Equal(200.0 / 3, bleu.Precisions[0], 10);
        Assert.Equal(3, bleu.RefLen);
        Assert.Equal(2, Bleu.ClosestRefLen(3, [4, 2]));  // tie → shorter
    }

    [Fact]
    public void MeteorSynonymStageUsesWordNet()
    {
        // "physician" vs "doctor": no exact or stem match; WordNet synset {doctor, doc, physician, MD, ...}.
        // P = R = 1, 1 chunk / 1 match → penalty 0.5 → 0.5.
        Assert.Equal(0.5, Meteor.Score("physician", ["doctor"]), 12);
        Assert.Contains("doctor", TestWordNet.Database.MeteorSynonyms("physician"));
    }

    [Fact]
    public void MeteorFragmentationAndStemStage()
    {
        // hyp "b a" vs ref "a b": two matches, two chunks → frag 1 → penalty 0.5; Fmean 1 → 0.5.
        Assert.Equal(0.5, new Meteor(TestWordNet.Database).SingleScore(["a", "b"], ["b", "a"]), 12);
        // "treating" and "treated" both stem to "treat": a stem-stage match.
        Assert.Equal(0.5, new Meteor(TestWordNet.Database).SingleScore(["treated"], ["treating"]), 12);
    }

    [Fact]
    public void WordNetMorphyFindsBaseForms()
    {
        var wn = TestWordNet.Database;
        Assert.Contains("child", wn.Morphy("children", MedMLNet.Evaluation.WordNet.WordNetPos.Noun)); // noun.exc
        Assert.Contains("treat", wn.Morphy("treated", MedMLNet.Evaluation.WordNet.WordNetPos.Verb));  // -ed rule
        Assert.Empty(wn.Synsets("qqqzzz"));
    }
}
