using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>AdamW's decoupled weight decay applies to matrices only: norm weights (and biases) are not decayed.</summary>
public class WeightDecayTests
{
    [Fact]
    public void NormWeightsAreNotDecayedMatricesAre()
    {
        using var model = TinyTraining.Model();
        const double lr = 0.1, decay = 0.5;
        var options = new TrainingOptions { Method = FineTuneMethod.Full, LearningRate = lr, WeightDecay = decay, MaxGradNorm = 0, SequenceLength = 16 };
        using var tuner = new FineTuner(model, options);
        using var batch = Batch.Collate(TinyTraining.Reversal(2, 4), 0, 16);
        tuner.Backward(batch, batch.TargetCount);
        // Zero gradients: Adam's own update is 0 / (0 + ε) = 0, so only the decay can move a weight: w ← w · (1 − lr·λ).
        foreach (var (_, p) in tuner.Trainable) p.grad!.zero_();
        var before = tuner.Trainable.ToDictionary(t => t.Name, t => t.Parameter.detach().clone());
        tuner.Step(lr);
        foreach (var (name, p) in tuner.Trainable)
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                Assert.Equal(before[name].bytes.ToArray(), p.detach().bytes.ToArray());
            else
            {
                var diff = (p.detach() - before[name] * (1 - lr * decay)).abs().max().item<float>();
                Assert.True(diff <= 1e-7, $"{name}: not decayed by 1 - lr·λ (max diff {diff})");
            }
        }
        foreach (var t in before.Values) t.Dispose();
    }
}
