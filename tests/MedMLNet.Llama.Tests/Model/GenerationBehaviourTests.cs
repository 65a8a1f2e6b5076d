using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Model;

public class GenerationBehaviourTests
{
    private static LlamaForCausalLM Model() => LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama31-fp32"));

    [Fact]
    public void LeftPaddedBatchEqualsEachPromptAlone()
    {
        using var model = Model();
        var gen = new LlamaGenerator(model);
        int[][] prompts = [[5, 17, 300, 41, 9, 77, 12], [218], [369, 409, 40]];
        var options = new GenerationOptions { MaxNewTokens = 8, StopOnEos = false };
        var batch = gen.Generate(prompts, options);
        for (var i = 0; i < prompts.Length; i++)
            Assert.Equal(gen.Generate([prompts[i]], options)[0].Ids, batch[i].Ids);
    }

    [Fact]
    public async Task StreamingYieldsTheSameTokensAndStopsAtEos()
    {
        using var model = Model();
        var gen = new LlamaGenerator(model);
        int[] prompt = [369, 409, 40, 373];
        var all = gen.Generate([prompt], new GenerationOptions { MaxNewTokens = 10, StopOnEos = false })[0].Ids;
        var streamed = new List<int>();
        await foreach (var t in gen.StreamAsync(prompt, new GenerationOptions { MaxNewTokens = 10, StopOnEos = false })) streamed.Add(t.TokenId);
        Assert.Equal(all, streamed);
        // Make the third generated id a stop id: generation must end there, reporting Stop.
        var stopped = gen.Generate([prompt], new GenerationOptions { MaxNewTokens = 10, StopTokenIds = [all[2]] })[0];
        Assert.Equal(all.Take(3), stopped.Ids);
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public void CancellationStopsGeneration()
    {
        using var model = Model();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new LlamaGenerator(model).Generate([[1, 2, 3]], new GenerationOptions { MaxNewTokens = 50 }, cts.Token));
    }

    [Fact]
    public void SeededSamplingIsReproducibleAndTopKOneIsGreedy()
    {
        using var model = Model();
        var gen = new LlamaGenerator(model);
        int[] prompt = [1, 2, 3];
        var sample = new GenerationOptions { MaxNewTokens = 8, Temperature = 1.0, TopP = 0.9, Seed = 42, StopOnEos = false };
        Assert.Equal(gen.Generate([prompt], sample)[0].Ids, gen.Generate([prompt], sample)[0].Ids);
        var greedy = gen.Generate([prompt], new GenerationOptions { MaxNewTokens = 8, StopOnEos = false })[0].Ids;
        Assert.Equal(greedy, gen.Generate([prompt], sample with { TopK = 1, TopP = 1.0 })[0].Ids);
    }

    [Fact]
    public void SavedLoraAdapterReloadsBitExactly()
    {
        using var model = Model();
        LoraWeights.Load(model, LlamaFixtures.Dir("lora-adapter"));
        using var dir = RepoPaths.TempDir();
        LoraWeights.Save(model, new LoraOptions(), dir.Path, "../llama31-fp32");
        using var reloaded = Model();
        var options = LoraWeights.Load(reloaded, dir.Path);
        Assert.Equal((8, 32.0), (options.Rank, options.Alpha));
        foreach (var (a, b) in model.Projections().Zip(reloaded.Projections()))
        {
            Assert.Equal(a.Lora!.lora_A.bytes.ToArray(), b.Lora!.lora_A.bytes.ToArray());
            Assert.Equal(a.Lora.lora_B.bytes.ToArray(), b.Lora.lora_B.bytes.ToArray());
        }
    }

    [Fact]
    public void MergeThenUnmergeRestoresTheBase()
    {
        using var model = Model();
        var before = model.Projections().Select(p => p.weight.detach().clone()).ToList();
        LoraWeights.Load(model, LlamaFixtures.Dir("lora-adapter"));
        using var input = tensor(new long[] { 369, 409, 40 }).unsqueeze(0);
        using var unmerged = model.Forward(new LlamaInputs(input));
        LoraWeights.MergeReversibly(model);
        using (var merged = model.Forward(new LlamaInputs(input))) Assert.True(LlamaFixtures.MaxAbsDiff(merged, unmerged) <= 1e-4);
        LoraWeights.Unmerge(model);
        foreach (var (p, w) in model.Projections().Zip(before)) Assert.True(LlamaFixtures.MaxAbsDiff(p.weight, w) <= 1e-5);
        using (var again = model.Forward(new LlamaInputs(input))) Assert.True(LlamaFixtures.MaxAbsDiff(again, unmerged) <= 1e-4);
    }

    [Fact]
    public void UnknownLoraTargetListsTheValidModules()
    {
        var e = Assert.Throws<ArgumentException>(() => new LoraOptions { TargetModules = ["query_key_value"] }.Validate());
        Assert.Contains("q_proj", e.Message);
        Assert.Contains("down_proj", e.Message);
    }
}
