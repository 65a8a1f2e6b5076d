using System.Text.Json;
using MedMLNet.Evaluation.Mcq;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Evaluation.Tests.Mcq;

/// <summary>
/// Multiple-choice benchmarks scored as lm-evaluation-harness defines acc and acc_norm, on a byte-level tokenizer
/// (256 bytes + 256 specials = 512 ids, one token per byte) and models built in the test.
/// </summary>
public class McqTests
{
    private static (Llama3Tokenizer Tokenizer, LlamaConfig Config, TempDir Dir) Vocabulary()
    {
        var dir = RepoPaths.TempDir();
        TokenizerJsonWriter.Write(dir.Path, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(dir.Path);
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
            HeadDim = 8, MaxPositionEmbeddings = 2048, RmsNormEps = 1e-5, RopeTheta = 500000, BosTokenId = tokenizer.BosId, EosTokenIds = tokenizer.EosIds.ToArray(),
        };
        return (tokenizer, config, dir);
    }

    /// <summary>Every weight zero except the norms, the embeddings (all ones) and lm_head's row for one token: the next token is that one, whatever came before.</summary>
    private sealed class FavourOneToken(int token, float strength) : IWeightSource
    {
        public Tensor Take(string key, long[] shape, ScalarType dtype, WeightKind kind)
        {
            if (kind == WeightKind.Norm || key == "model.embed_tokens.weight") return ones(shape, dtype);
            var w = zeros(shape, dtype);
            if (key == "lm_head.weight") w[token].fill_(strength);
            return w;
        }

        public void Finish() { }
    }

    private static List<McqItem> Letters(params int[] golds) =>
        golds.Select((g, i) => new McqItem($"q{i}", $"Question: case {i}\nA. one\nB. two\nC. three\nD. four\nAnswer:", ["A", "B", "C", "D"], g)).ToList();

    private static readonly string[] YesNoMaybe = ["yes", "no", "maybe"];

    [Fact]
    public void AccAndAccNormFollowTheHarnessDefinitions()
    {
        var item = new McqItem("x", "Answer:", YesNoMaybe, 2);
        // lls −4, −3, −6: acc picks "no"; per character −4/3, −3/2, −6/5: acc_norm picks "maybe"
        var p = McqEvaluator.Predict(item, [-4, -3, -6]);
        Assert.Equal(1, p.Predicted);
        Assert.Equal(2, p.PredictedNorm);
        Assert.Equal(0, p.Acc);
        Assert.Equal(1, p.AccNorm);
        Assert.Equal(0, McqEvaluator.ArgMax([1.0, 1.0, 0.5]));   // ties: the first, as numpy
    }

    [Fact]
    public void AUniformModelScoresChance()
    {
        // All weights zero: every logit 0, every token costs ln 512, so every letter ties and argmax takes A.
        var (tokenizer, config, dir) = Vocabulary();
        using var _ = dir;
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(1, 0));
        var result = new McqEvaluator(model, tokenizer).Evaluate("uniform", Letters(0, 1, 2, 3, 0, 1, 2, 3), new McqOptions { BootstrapResamples = 50 });
        Assert.Equal(0.25, result.Acc.Estimate);
        Assert.Equal(0.25, result.AccNorm.Estimate);
        // " A" is two byte tokens: −2 ln 512 each
        Assert.All(result.Predictions, p => Assert.All(p.LogLikelihoods, ll => Assert.Equal(-2 * Math.Log(512), ll, 4)));
    }

    [Fact]
    public void AUniformModelPrefersTheShortestChoiceAndAccNormTheLongest()
    {
        var (tokenizer, config, dir) = Vocabulary();
        using var _ = dir;
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(1, 0));
        // golds: yes, no, no, maybe → acc counts the two "no", acc_norm the one "maybe"
        var items = new[] { 0, 1, 1, 2 }.Select((g, i) => new McqItem($"p{i}", $"Abstract: a{i}\nQuestion: q?\nAnswer:", YesNoMaybe, g)).ToList();
        var result = new McqEvaluator(model, tokenizer).Evaluate("uniform", items, new McqOptions { BootstrapResamples = 50 });
        var lls = result.Predictions[0].LogLikelihoods;
        for (var c = 0; c < 3; c++) Assert.Equal(-(1 + YesNoMaybe[c].Length) * Math.Log(512), lls[c], 4);   // " " + choice, one token per byte
        Assert.Equal(0.5, result.Acc.Estimate);
        Assert.Equal(0.25, result.AccNorm.Estimate);
    }

    [Fact]
    public void AModelThatAlwaysSaysBScoresTheShareOfBAnswers()
    {
        var (tokenizer, config, dir) = Vocabulary();
        using var _ = dir;
        using var model = LlamaForCausalLM.FromConfig(config, new FavourOneToken('B', 1f));
        var result = new McqEvaluator(model, tokenizer).Evaluate("says-b", Letters(1, 1, 1, 0, 2, 3), new McqOptions { BootstrapResamples = 50 });
        Assert.All(result.Predictions, p => Assert.Equal(1, p.Predicted));
        Assert.Equal(0.5, result.Acc.Estimate);
        Assert.True(result.Acc.Lower <= 0.5 && result.Acc.Upper >= 0.5);
    }

    [Fact]
    public void FewShotExamplesPrecedeThePromptAndAreNotScored()
    {
        var items = Letters(2, 0, 1);
        Assert.Equal(items[0].Query + " C\n\n" + items[1].Query + " A\n\n" + items[2].Query, McqEvaluator.Context(items[2], items.Take(2).ToList()));
        var (tokenizer, config, dir) = Vocabulary();
        using var _ = dir;
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(1, 0));
        var result = new McqEvaluator(model, tokenizer).Evaluate("uniform", items, new McqOptions { Fewshot = 2, BootstrapResamples = 10 });
        Assert.Equal("q2", Assert.Single(result.Predictions).Id);
        Assert.Throws<ArgumentException>(() => new McqEvaluator(model, tokenizer).Evaluate("uniform", items, new McqOptions { Fewshot = 3 }));
    }

    [Fact]
    public void ContextSpacesMoveToTheContinuation()
    {
        var (tokenizer, config, dir) = Vocabulary();
        using var _ = dir;
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(1, 0));
        var e = new McqEvaluator(model, tokenizer).Example("Answer: ", "yes", 100);
        Assert.Equal(tokenizer.Encode("Answer: yes"), e.InputIds);
        Assert.Equal(4, e.Labels.Count(l => l >= 0));   // " yes": the context's trailing space is scored with the answer
    }

    [Fact]
    public void ReadersBuildTheHarnessPrompts()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("medqa.jsonl"), JsonSerializer.Serialize(new { question = "Fever?", options = new Dictionary<string, string> { ["A"] = "rest", ["B"] = "surgery" }, answer_idx = "A" }) + "\n");
        var medqa = Assert.Single(McqReader.Read(dir.File("medqa.jsonl"), McqFormat.MedQa));
        Assert.Equal("Question: Fever?\nA. rest\nB. surgery\nAnswer:", medqa.Query);
        Assert.Equal(["A", "B"], medqa.Choices);
        Assert.Equal(0, medqa.Gold);

        string Mcqa(int cop) => JsonSerializer.Serialize(new { id = $"m{cop}", question = "Drug?", opa = "a", opb = "b", opc = "c", opd = "d", cop });
        File.WriteAllLines(dir.File("released.json"), [Mcqa(1), Mcqa(4)]);
        Assert.Equal([0, 3], McqReader.Read(dir.File("released.json"), McqFormat.MedMcqa).Select(i => i.Gold));
        File.WriteAllLines(dir.File("hf.json"), [Mcqa(0), Mcqa(3)]);
        var hf = McqReader.Read(dir.File("hf.json"), McqFormat.MedMcqa);
        Assert.Equal([0, 3], hf.Select(i => i.Gold));
        Assert.Equal("Question: Drug?\nChoices:\nA. a\nB. b\nC. c\nD. d\nAnswer:", hf[0].Query);
        File.WriteAllLines(dir.File("mixed.json"), [Mcqa(0), Mcqa(4)]);
        Assert.Contains("both 0 and 4", Assert.Throws<InvalidDataException>(() => McqReader.Read(dir.File("mixed.json"), McqFormat.MedMcqa)).Message);

        File.WriteAllText(dir.File("anatomy_test.csv"), "\"Which bone, of these?\",femur,\"ulna \"\"long\"\"\",rib,skull,B\nWhat?,a,b,c,d,D\n");
        var mmlu = McqReader.Read(dir.File("anatomy_test.csv"), McqFormat.Mmlu);
        Assert.Equal(2, mmlu.Count);
        Assert.Equal("Which bone, of these?\nA. femur\nB. ulna \"long\"\nC. rib\nD. skull\nAnswer:", mmlu[0].Query);
        Assert.Equal("The following are multiple choice questions (with answers) about anatomy.\n\n", mmlu[0].Description);
        Assert.Equal([1, 3], mmlu.Select(i => i.Gold));

        File.WriteAllText(dir.File("bad.jsonl"), JsonSerializer.Serialize(new { question = "Fever?", options = new Dictionary<string, string> { ["A"] = "rest", ["B"] = "x" }, answer_idx = "E" }) + "\n");
        var error = Assert.Throws<InvalidDataException>(() => McqReader.Read(dir.File("bad.jsonl"), McqFormat.MedQa)).Message;
        Assert.Contains("bad.jsonl:1", error);
        Assert.Contains("answer_idx", error);
    }

    [Fact]
    public void TheBundledPubMedQaSampleReadsWithItsDecisions()
    {
        var items = McqReader.Read(Path.Combine(RepoPaths.Root, "data", "pubmedqa", "ori_pqal-sample.json"), McqFormat.PubMedQa);
        Assert.Equal(200, items.Count);
        Assert.Equal([107, 67, 26], Enumerable.Range(0, 3).Select(g => items.Count(i => i.Gold == g)));
        Assert.StartsWith("Abstract: ", items[0].Query);
        Assert.EndsWith("\nQuestion: Do inhaled corticosteroids affect perception of dyspnea during bronchoconstriction in asthma?\nAnswer:", items[0].Query);
        Assert.Equal(["yes", "no", "maybe"], items[0].Choices);
    }
}
