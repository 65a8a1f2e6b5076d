using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Models;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests.Models;

/// <summary>On a byte-level tokenizer (256 bytes + 256 specials = 512 ids) and models built in the test.</summary>
public class ModelEvaluatorTests
{
    private static (LlamaForCausalLM Model, Llama3Tokenizer Tokenizer, TempDir Dir) Build(double std)
    {
        var dir = RepoPaths.TempDir();
        TokenizerJsonWriter.Write(dir.Path, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(dir.Path);
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
            HeadDim = 8, MaxPositionEmbeddings = 512, RmsNormEps = 1e-5, RopeTheta = 500000, BosTokenId = tokenizer.BosId, EosTokenIds = tokenizer.EosIds.ToArray(),
        };
        return (LlamaForCausalLM.FromConfig(config, new RandomWeightSource(5, std)), tokenizer, dir);
    }

    private static EvalRecord Mcq(string id, string answer) => new(id, "test",
        [ChatMessage.User("Is it safe?\n\nA. yes, always and for everyone\nB. no\nC. only sometimes\nAnswer with the letter of the correct option.")], answer + ". ...", answer);

    [Fact]
    public void AUniformModelHasPerplexityVocabSizeAndPrefersTheShortestOption()
    {
        // All weights zero: every logit is 0, so each token costs ln 512 and an option's log-likelihood is −len·ln 512.
        var (model, tokenizer, dir) = Build(std: 0);
        using var _ = dir; using var __ = model;
        var records = new[] { Mcq("right", "B"), Mcq("wrong", "A") };
        var result = new ModelEvaluator(model, tokenizer).Evaluate("uniform", records, new MetricSuite(null), new ModelEvaluationOptions { MaxNewTokens = 3, BootstrapResamples = 50 });
        Assert.Equal(512, result.Perplexity, 1e-3);
        Assert.Equal(0.5, result.System.Extra["mcq_accuracy_loglik"]);
        Assert.All(result.Predictions, p => Assert.Equal('B', p.LikeliestOption));
        Assert.Equal(0.0, result.System.Extra["mcq_accuracy_letter"]); // greedy picks id 0 (a NUL byte): no letter
    }

    [Fact]
    public void AnswersAreTheGeneratorsGreedyRepliesInBatchesOfAnySize()
    {
        var (model, tokenizer, dir) = Build(std: 0.5);
        using var _ = dir; using var __ = model;
        var template = new ChatTemplate(tokenizer);
        var records = Enumerable.Range(0, 5).Select(i => new EvalRecord($"q{i}", "test", [ChatMessage.System("Be careful."), ChatMessage.User($"fever for {i} days{new string('?', i)}")], "rest and fluids")).ToList();
        var options = new ModelEvaluationOptions { MaxNewTokens = 6, BatchSize = 2, BootstrapResamples = 50 };
        var batched = new ModelEvaluator(model, tokenizer).Evaluate("random", records, new MetricSuite(null), options);
        var generator = new LlamaGenerator(model);
        for (var i = 0; i < records.Count; i++)
        {
            var alone = generator.Generate([template.Encode(records[i].Prompt, addGenerationPrompt: true)], new GenerationOptions { MaxNewTokens = 6 })[0];
            var ids = alone.Ids.Where(id => !model.GenerationConfig.EosTokenIds.Contains(id));
            Assert.Equal(tokenizer.Decode(ids, skipSpecialTokens: true).Trim(), batched.Predictions[i].Answer);
            Assert.Equal(alone.Tokens.Count, batched.Predictions[i].AnswerTokens);
        }
        Assert.Equal(5, batched.System.Summary.Count);
        Assert.False(batched.System.Extra.ContainsKey("mcq_accuracy_letter"));
        Assert.True(batched.Perplexity > 1);
    }
}
