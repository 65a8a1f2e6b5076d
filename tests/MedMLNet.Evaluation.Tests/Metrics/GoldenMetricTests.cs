using System.Text.Json;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>Every number in golden.jsonl and corpus.json, matched to 1e-6.</summary>
public class GoldenMetricTests
{
    public static TheoryData<string> Ids => Golden.Ids();

    private static void Near(double expected, double actual, string what, string id) =>
        Assert.True(Math.Abs(expected - actual) <= Golden.Tolerance, $"{id} {what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(Ids))]
    public void SentenceBleu(string id)
    {
        var g = Golden.Lines[id];
        var tok = Language.IsChinese(g.Lang()) ? BleuTokenizer.Zh : BleuTokenizer.Tok13a;
        var actual = Bleu.Sentence(g.Hypothesis(), g.References(), tok);
        var e = g.GetProperty("sentence_bleu");
        Near(e.GetProperty("score").GetDouble(), actual.Score, "score", id);
        var p = e.GetProperty("precisions").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (var n = 0; n < 4; n++) Near(p[n], actual.Precisions[n], $"precision {n + 1}", id);
        Near(e.GetProperty("bp").GetDouble(), actual.BrevityPenalty, "bp", id);
        Assert.Equal(e.GetProperty("sys_len").GetInt32(), actual.SysLen);
        Assert.Equal(e.GetProperty("ref_len").GetInt32(), actual.RefLen);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void RougeStemmedAndNot(string id)
    {
        var g = Golden.Lines[id];
        foreach (var (column, stem) in new[] { ("stem", true), ("nostem", false) })
        {
            var actual = Rouge.Score(g.Hypothesis(), g.References()[0], g.Lang(), stem);
            var e = g.GetProperty("rouge").GetProperty(column);
            Check(e.GetProperty("rouge1"), actual.Rouge1, $"{column} rouge1");
            Check(e.GetProperty("rouge2"), actual.Rouge2, $"{column} rouge2");
            Check(e.GetProperty("rougeL"), actual.RougeL, $"{column} rougeL");
            Check(e.GetProperty("rougeLsum"), actual.RougeLsum, $"{column} rougeLsum");
        }

        void Check(JsonElement e, PrfScore a, string what)
        {
            Near(e.GetProperty("p").GetDouble(), a.P, what + " p", id);
            Near(e.GetProperty("r").GetDouble(), a.R, what + " r", id);
            Near(e.GetProperty("f").GetDouble(), a.F, what + " f", id);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void MeteorScore(string id)
    {
        var g = Golden.Lines[id];
        var actual = new Meteor(TestWordNet.Database).Score(g.Hypothesis(), g.References(), g.Lang());
        Near(g.GetProperty("meteor").GetDouble(), actual, "meteor", id);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void CorpusBleuPerLanguage(string lang)
    {
        var items = Golden.Lines.Values.Where(g => g.Lang() == lang)
            .OrderBy(g => g.GetProperty("id").GetString(), StringComparer.Ordinal).ToList();
        var e = Golden.Corpus.GetProperty(lang);
        Assert.Equal(e.GetProperty("n").GetInt32(), items.Count);
        var actual = Bleu.Corpus(items.Select(g => g.Hypothesis()).ToList(),
            items.Select(g => (IReadOnlyList<string>)[g.References()[0]]).ToList(),
            lang == "zh" ? BleuTokenizer.Zh : BleuTokenizer.Tok13a);
        Near(e.GetProperty("score").GetDouble(), actual.Score, "corpus score", lang);
        var p = e.GetProperty("precisions").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (var n = 0; n < 4; n++) Near(p[n], actual.Precisions[n], $"corpus precision {n + 1}", lang);
        Near(e.GetProperty("bp").GetDouble(), actual.BrevityPenalty, "corpus bp", lang);
        Assert.Equal(e.GetProperty("sys_len").GetInt32(), actual.SysLen);
        Assert.Equal(e.GetProperty("ref_len").GetInt32(), actual.RefLen);
    }
}
