using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Model;

/// <summary>Greedy continuations (with and without the KV cache) and losses against the reference.</summary>
public class GenerationFixtureTests
{
    public static TheoryData<string> GreedyCases => LlamaFixtures.Names("greedy");
    public static TheoryData<string> LossCases => LlamaFixtures.Names("loss");

    [Theory]
    [MemberData(nameof(GreedyCases))]
    public void GreedyIdsMatchWithAndWithoutCache(string name)
    {
        var c = LlamaFixtures.Case(name);
        var (model, prefix) = LlamaFixtures.Load(c);
        var generator = new LlamaGenerator(model, prefix);
        var prompt = LlamaFixtures.Ids(c, "prompt_ids").Select(x => (int)x).ToArray();
        var expectedIds = LlamaFixtures.Ids(c, "new_ids").Select(x => (int)x).ToArray();
        var options = new GenerationOptions { MaxNewTokens = c.GetProperty("max_new_tokens").GetInt32(), StopOnEos = false, KeepStepLogits = true };
        var cached = generator.Generate([prompt], options)[0];
        var full = generator.Generate([prompt], options with { UseCache = false })[0];
        Assert.Equal(expectedIds, cached.Ids);
        Assert.Equal(expectedIds, full.Ids);
        using var stepLogits = tensor(cached.StepLogits!.SelectMany(r => r).ToArray()).reshape(cached.StepLogits!.Count, -1);
        using var expected = LlamaFixtures.Expected(c.GetProperty("step_logits").GetString()!);
        var tolerance = c.GetProperty("step_logits_tolerance").GetDouble();
        Assert.True(LlamaFixtures.MaxAbsDiff(stepLogits, expected) <= tolerance, $"{name}: step logits differ");
    }

    [Theory]
    [MemberData(nameof(LossCases))]
    public void LossMatchesReference(string name)
    {
        var c = LlamaFixtures.Case(name);
        var (model, prefix) = LlamaFixtures.Load(c);
        using var noGrad = no_grad();
        using var input = tensor(LlamaFixtures.Ids(c, "input_ids")).unsqueeze(0);
        using var labels = tensor(LlamaFixtures.Ids(c, "labels")).unsqueeze(0);
        var inputs = new Modules.LlamaInputs(input) { PastKeyValues = prefix?.ToCache(1, model.DType) };
        using var logits = model.Forward(inputs);
        using var loss = CausalLmLoss.Compute(logits, labels);
        using var hidden = model.ForwardHidden(new Modules.LlamaInputs(input) { PastKeyValues = prefix?.ToCache(1, model.DType) });
        using var chunked = CausalLmLoss.FromHidden(model, hidden, labels, chunkPositions: 5);
        var expected = c.GetProperty("loss").GetDouble();
        var tolerance = c.GetProperty("tolerance").GetDouble();
        Assert.True(Math.Abs(loss.item<float>() - expected) <= tolerance, $"{name}: loss {loss.item<float>()} vs {expected}");
        Assert.True(Math.Abs(chunked.item<float>() - expected) <= tolerance, $"{name}: chunked loss {chunked.item<float>()} vs {expected}");
    }
}
