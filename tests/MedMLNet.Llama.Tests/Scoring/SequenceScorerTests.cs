using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.Llama.Training;

namespace MedMLNet.Llama.Tests.Scoring;

public class SequenceScorerTests
{
    public static TheoryData<string> LossCases => LlamaFixtures.Names("loss");

    [Theory]
    [MemberData(nameof(LossCases))]
    public void MeanNllOfTheLabelledTokensIsTheReferenceLoss(string name)
    {
        var c = LlamaFixtures.Case(name);
        var (model, prefix) = LlamaFixtures.Load(c);
        var ids = LlamaFixtures.Ids(c, "input_ids").Select(x => (int)x).ToArray();
        var labels = LlamaFixtures.Ids(c, "labels").Select(x => (int)x).ToArray();
        var score = new SequenceScorer(model, prefix).Score(new TrainingExample(ids, labels));
        Assert.Equal(labels.Skip(1).Count(l => l != -100), score.Tokens);
        var expected = c.GetProperty("loss").GetDouble();
        Assert.True(Math.Abs(score.Nll / score.Tokens - expected) <= c.GetProperty("tolerance").GetDouble(), $"{name}: {score.Nll / score.Tokens} vs {expected}");
        Assert.True(Math.Abs(Math.Log(SequenceScorer.Perplexity([score])) - expected) <= c.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void PerplexityPoolsTokensNotSequences()
    {
        // exp((2·1 + 6·3) / (2 + 6)) = exp(2.5), not exp(mean of the per-sequence means 1 and 3) = exp(2).
        Assert.Equal(Math.Exp(2.5), SequenceScorer.Perplexity([new SequenceScore(2, 2), new SequenceScore(18, 6)]), 1e-12);
        Assert.True(double.IsNaN(SequenceScorer.Perplexity([new SequenceScore(0, 0)])));
    }
}
