using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>Gradient checkpointing changes memory, not maths: the loss and every trained gradient equal an ordinary backward.</summary>
[Collection(GlobalRngCollection.Name)]
public class GradientCheckpointTests
{
    [Theory]
    [InlineData(FineTuneMethod.Lora)]
    [InlineData(FineTuneMethod.Prefix)]
    [InlineData(FineTuneMethod.Full)]
    public void LossAndGradientsEqualThoseWithoutCheckpointing(FineTuneMethod method)
    {
        using var model = TinyTraining.Model();
        PrefixEncoder? prefix = null;
        // Dropout on: the recomputation must draw the same masks as the forward did.
        if (method == FineTuneMethod.Lora) LoraWeights.Attach(model, new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.1 });
        if (method == FineTuneMethod.Prefix) prefix = PrefixEncoder.Create(model.Config, new PrefixOptions { NumVirtualTokens = 4 });
        if (method == FineTuneMethod.Lora) using (no_grad()) foreach (var p in model.Projections()) p.Lora!.lora_B.normal_(0, 0.1); // B = 0 would hide A's gradient
        using var batch = Batch.Collate(TinyTraining.Reversal(6, 3).Concat([new TrainingExample([1, 12, 2, 12, 3], [-100, -100, -100, 12, 3])]).ToList(), 0, 16);
        var plain = new TrainingOptions { Method = method, SequenceLength = 16 };

        var (loss, grads) = LossAndGrads(model, plain, prefix, batch, seed: 5);
        var (lossCk, gradsCk, recomputed) = LossAndGradsCheckpointed(model, plain with { GradientCheckpointing = true }, prefix, batch, seed: 5);

        Assert.Equal(model.Config.NumHiddenLayers, recomputed); // every layer was recomputed once in backward
        Assert.True(Math.Abs(loss - lossCk) <= 1e-6 * Math.Abs(loss), $"loss {loss} vs {lossCk}");
        Assert.Equal(grads.Keys, gradsCk.Keys);
        foreach (var (name, g) in grads)
        {
            var scale = g.abs().max().item<float>();
            Assert.True(scale > 0, $"{name} got no gradient");
            var diff = (g - gradsCk[name]).abs().max().item<float>();
            Assert.True(diff <= 1e-6 * scale, $"{name}: max diff {diff} (scale {scale})");
        }
        if (method == FineTuneMethod.Lora)
        {
            // The masks matter: another seed gives other gradients, so the equality above needed the same masks.
            var (_, other) = LossAndGrads(model, plain, prefix, batch, seed: 6);
            Assert.Contains(other, kv => (kv.Value - grads[kv.Key]).abs().max().item<float>() > 1e-4 * grads[kv.Key].abs().max().item<float>());
        }
        prefix?.Dispose();
    }

    private static (double, Dictionary<string, Tensor>) LossAndGrads(LlamaForCausalLM model, TrainingOptions options, PrefixEncoder? prefix, Batch batch, int seed)
    {
        var (loss, grads, _) = LossAndGradsCheckpointed(model, options, prefix, batch, seed);
        return (loss, grads);
    }

    private static (double, Dictionary<string, Tensor>, long) LossAndGradsCheckpointed(LlamaForCausalLM model, TrainingOptions options, PrefixEncoder? prefix, Batch batch, int seed)
    {
        using var tuner = new FineTuner(model, options, prefix);
        tuner.Optimizer.zero_grad();
        tuner.SeedDropout(seed);
        var loss = tuner.Backward(batch, batch.TargetCount);
        var grads = tuner.Trainable.ToDictionary(t => t.Name, t => t.Parameter.grad!.detach().clone());
        tuner.Optimizer.zero_grad();
        return (loss, grads, tuner.Checkpointing?.Recomputations ?? 0);
    }
}
