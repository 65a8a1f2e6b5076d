using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Tests.Model;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Generation;

/// <summary>Top-k alternatives against a direct log_softmax of the reference step logits.</summary>
public class TopLogProbsTests
{
    [Fact]
    public void AlternativesEqualLogSoftmaxOfReferenceStepLogits()
    {
        var c = LlamaFixtures.Case("A.greedy");
        var (model, prefix) = LlamaFixtures.Load(c);
        var prompt = LlamaFixtures.Ids(c, "prompt_ids").Select(x => (int)x).ToArray();
        var expectedIds = LlamaFixtures.Ids(c, "new_ids").Select(x => (int)x).ToArray();
        const int k = 5;
        var options = new GenerationOptions { MaxNewTokens = expectedIds.Length, StopOnEos = false, TopLogProbs = k };
        var result = new LlamaGenerator(model, prefix).Generate([prompt], options)[0];
        using var reference = LlamaFixtures.Expected(c.GetProperty("step_logits").GetString()!);   // [steps, V]
        using var logProbs = reference.log_softmax(-1);
        var tolerance = 1e-3;
        for (var s = 0; s < expectedIds.Length; s++)
        {
            var token = result.Tokens[s];
            Assert.Equal(k, token.TopAlternatives.Count);
            var row = logProbs[s].data<float>().ToArray();
            var order = Enumerable.Range(0, row.Length).OrderByDescending(i => row[i]).Take(k).ToArray();
            for (var j = 0; j < k; j++)
            {
                Assert.Equal(order[j], token.TopAlternatives[j].TokenId);
                Assert.True(Math.Abs(row[order[j]] - token.TopAlternatives[j].LogProb) <= tolerance, $"step {s} alt {j}");
            }
            // Greedy: the chosen token is the top-1 alternative and the reference's greedy id.
            Assert.Equal(expectedIds[s], token.TopAlternatives[0].TokenId);
            Assert.Equal(token.TokenId, token.TopAlternatives[0].TokenId);
            Assert.True(Math.Abs(row[expectedIds[s]] - token.LogProb) <= tolerance);
        }
    }
}
