using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>Gradient accumulation and clipping on full fine-tuning (no dropout, so no RNG involved).</summary>
public class GradientTests
{
    // Different lengths, so the batches are padded differently in the two set-ups.
    private static readonly List<TrainingExample> examples = TinyTraining.Reversal(4, 5)
        .Select((e, i) => new TrainingExample(e.InputIds[..(9 - i)], e.Labels[..(9 - i)])).ToList();

    [Fact]
    public void TwoAccumulatedMicroBatchesOfTwoEqualOneBatchOfFour()
    {
        var options = new TrainingOptions { Method = FineTuneMethod.Full, MaxGradNorm = 0, SequenceLength = 16 };
        using var m1 = TinyTraining.Model();
        using var m2 = TinyTraining.Model();
        using var accumulated = new FineTuner(m1, options);
        using var whole = new FineTuner(m2, options);
        using var b1 = Batch.Collate(examples[..2], 0, 16);
        using var b2 = Batch.Collate(examples[2..], 0, 16);
        using var b4 = Batch.Collate(examples, 0, 16);
        Assert.Equal(b4.TargetCount, b1.TargetCount + b2.TargetCount);
        accumulated.Backward(b1, b4.TargetCount);
        accumulated.Backward(b2, b4.TargetCount);
        whole.Backward(b4, b4.TargetCount);
        foreach (var ((name, a), (_, w)) in accumulated.Trainable.Zip(whole.Trainable))
        {
            var scale = w.grad!.abs().max().item<float>();
            var diff = (a.grad! - w.grad!).abs().max().item<float>();
            Assert.True(diff <= 1e-5 * scale + 1e-8, $"{name}: accumulated gradient differs by {diff} (scale {scale})");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)] // clipped in fp32 on the master weights' gradients
    public void ClippingScalesTheTotalNormToTheMaximum(ScalarType dtype)
    {
        const double maxNorm = 0.01;
        using var model = TinyTraining.Model(dtype: dtype);
        using var tuner = new FineTuner(model, new TrainingOptions { Method = FineTuneMethod.Full, MaxGradNorm = maxNorm, SequenceLength = 16 });
        using var batch = Batch.Collate(examples, 0, 16);
        tuner.Backward(batch, batch.TargetCount);
        var before = tuner.Trainable.Select(t => t.Parameter.grad!.to(ScalarType.Float64)).ToList();
        var preNorm = Math.Sqrt(before.Sum(g => g.square().sum().item<double>()));
        var reported = tuner.ClipGradients();
        Assert.Equal(preNorm, reported, preNorm * 1e-5);
        Assert.True(preNorm > 10 * maxNorm, $"the test needs a gradient norm well above {maxNorm}, got {preNorm}");

        var after = tuner.Optimized.Select(t => t.Parameter.grad!).ToList();
        Assert.All(after, g => Assert.Equal(ScalarType.Float32, g.dtype));
        var postNorm = Math.Sqrt(after.Sum(g => g.to(ScalarType.Float64).square().sum().item<double>()));
        Assert.Equal(maxNorm, postNorm, maxNorm * 1e-4);
        // Every gradient is scaled by the same factor maxNorm / preNorm: the direction is kept.
        foreach (var (g0, g1) in before.Zip(after))
        {
            var diff = (g1.to(ScalarType.Float64) - g0 * (maxNorm / preNorm)).abs().max().item<double>();
            Assert.True(diff <= 1e-4 * maxNorm, $"a gradient was not scaled uniformly (max diff {diff})");
        }
    }
}
