using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Training;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public class TrainerTests
{
    private static readonly List<TrainingExample> train = TinyTraining.Reversal(96, 1), validation = TinyTraining.Reversal(24, 2);

    // Ratios measured over model seeds 7–10 on this machine: LoRA 0.43–0.51, prefix 0.76–0.81, full 0.23–0.27
    // (a CPU without AVX-512 takes another path through these 150 steps). An untrained model stays near 1.0.
    [Theory]
    [InlineData(FineTuneMethod.Lora, 1e-2, 0.65)]
    [InlineData(FineTuneMethod.Prefix, 3e-2, 0.9)]
    [InlineData(FineTuneMethod.Full, 3e-3, 0.5)]
    public void TinyModelLearnsWithEachMethod(FineTuneMethod method, double lr, double mustFallBelow)
    {
        using var model = TinyTraining.Model();
        PrefixEncoder? prefix = null;
        if (method == FineTuneMethod.Lora) LoraWeights.Attach(model, new LoraOptions { Rank = 8, Alpha = 16, Dropout = 0.0 });
        if (method == FineTuneMethod.Prefix) prefix = PrefixEncoder.Create(model.Config, new PrefixOptions { NumVirtualTokens = 8 });
        var options = new TrainingOptions { Method = method, MaxSteps = 150, BatchSize = 16, LearningRate = lr, SequenceLength = 16, WarmupRatio = 0.05, EvalEvery = 50 };
        var trainer = new LlamaTrainer(model, options, prefix);
        using var tuner0 = new FineTuner(model, options, prefix);
        var start = tuner0.EvaluateLoss([Batch.Collate(validation, 0, 16)]);
        var result = trainer.Train(train, validation);
        Assert.NotNull(result.BestValidationLoss);
        Assert.True(result.BestValidationLoss < start * mustFallBelow, $"{method}: validation loss {result.BestValidationLoss} did not fall below {mustFallBelow} × start {start}");
        prefix?.Dispose();
    }

    [Fact]
    public void ResumeAfterInterruptionGivesIdenticalWeights()
    {
        var options = new TrainingOptions { Method = FineTuneMethod.Lora, MaxSteps = 12, BatchSize = 8, LearningRate = 1e-2, SequenceLength = 16, SaveEvery = 1 };
        var lora = new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.1 }; // dropout on: resume must reproduce the random masks too

        using var reference = TinyTraining.Model();
        LoraWeights.Attach(reference, lora);
        using (var dir = RepoPaths.TempDir())
            new LlamaTrainer(reference, options) { CheckpointDir = dir.Path }.Train(train, null);

        using var resumed = TinyTraining.Model();
        LoraWeights.Attach(resumed, lora);
        using var ckpt = RepoPaths.TempDir();
        using (var cts = new CancellationTokenSource())
        {
            var progress = new SyncProgress(p => { if (p.Step == 5) cts.Cancel(); });
            var partial = new LlamaTrainer(resumed, options) { CheckpointDir = ckpt.Path }.Train(train, null, progress, cts.Token);
            Assert.True(partial.Cancelled);
            Assert.Equal(5, partial.Steps);
        }
        // A fresh process would rebuild the model from scratch: scramble the adapters to prove resume restores them.
        using (no_grad()) foreach (var p in resumed.Projections()) { p.Lora!.lora_A.normal_(); p.Lora.lora_B.normal_(); }
        var rest = new LlamaTrainer(resumed, options) { CheckpointDir = ckpt.Path }.Train(train, null, resume: true);
        Assert.Equal(12, rest.Steps);
        foreach (var (a, b) in reference.Projections().Zip(resumed.Projections()))
        {
            Assert.Equal(a.Lora!.lora_A.bytes.ToArray(), b.Lora!.lora_A.bytes.ToArray());
            Assert.Equal(a.Lora.lora_B.bytes.ToArray(), b.Lora.lora_B.bytes.ToArray());
        }
    }

    [Fact]
    public void DropoutMasksDoNotDependOnTorchsGlobalRng()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.5 });
        using (no_grad()) foreach (var p in model.Projections()) p.Lora!.lora_B.normal_(0, 0.1); // B = 0 would hide A's gradient
        using var batch = Batch.Collate(train.Take(8).ToList(), 0, 16);

        var quiet = GradientsWithDropoutSeed(model, batch, 5, () => { });
        // Anything else in the process (another test, a second model) seeding or drawing from the global RNG mid-step.
        var busy = GradientsWithDropoutSeed(model, batch, 5, () => { manual_seed(99); using var noise = randn(4096); });
        var otherSeed = GradientsWithDropoutSeed(model, batch, 6, () => { });
        foreach (var (name, g) in quiet) Assert.Equal(g, busy[name]);
        Assert.Contains(quiet, kv => !kv.Value.SequenceEqual(otherSeed[kv.Key])); // the masks matter, so the equality above needed the same ones
    }

    private static Dictionary<string, byte[]> GradientsWithDropoutSeed(MedMLNet.Llama.Modules.LlamaForCausalLM model, Batch batch, long seed, Action interfere)
    {
        using var tuner = new FineTuner(model, new TrainingOptions { Method = FineTuneMethod.Lora, SequenceLength = 16 });
        tuner.SeedDropout(seed);
        interfere();
        tuner.Backward(batch, batch.TargetCount);
        var grads = tuner.Trainable.ToDictionary(t => t.Name, t => t.Parameter.grad!.bytes.ToArray());
        tuner.Optimizer.zero_grad();
        return grads;
    }

    [Fact]
    public void DataWithoutAnswersIsAClearError()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, new LoraOptions());
        var noTargets = new List<TrainingExample> { new([1, 2, 3], [-100, -100, -100]) };
        var e = Assert.Throws<InvalidDataException>(() => new LlamaTrainer(model, new TrainingOptions { MaxSteps = 1 }).Train(noTargets, null));
        Assert.Contains("assistant answer", e.Message);
    }

    [Fact]
    public void DivergingLossStopsWithAClearError()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, new LoraOptions { Dropout = 0 });
        var options = new TrainingOptions { MaxSteps = 50, BatchSize = 8, LearningRate = 1e30, SequenceLength = 16, MaxGradNorm = 0 };
        var e = Assert.Throws<TrainingDivergedException>(() => new LlamaTrainer(model, options).Train(train, null));
        Assert.Contains("--lr", e.Message);
    }

    [Fact]
    public void DivergenceKeepsTheLastGoodCheckpointLoadable()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, new LoraOptions { Dropout = 0 });
        var options = new TrainingOptions { MaxSteps = 50, BatchSize = 8, LearningRate = 1e30, SequenceLength = 16, MaxGradNorm = 0, SaveEvery = 1 };
        using var dir = RepoPaths.TempDir();
        var steps = 0;
        var progress = new SyncProgress(p => steps = p.Step);
        Assert.Throws<TrainingDivergedException>(() => new LlamaTrainer(model, options) { CheckpointDir = dir.Path }.Train(train, null, progress));
        Assert.True(steps >= 1, "the run should take at least one good step before diverging");

        using var fresh = TinyTraining.Model();
        LoraWeights.Attach(fresh, new LoraOptions { Dropout = 0 });
        using var tuner = new FineTuner(fresh, options);
        var state = TrainerState.TryLoad(dir.Path, tuner);
        Assert.NotNull(state);
        Assert.Equal(steps, state.Step); // the last step that completed, saved before the failing one
        foreach (var (name, p) in tuner.Trainable) Assert.True(isfinite(p).all().item<bool>(), $"{name} has non-finite values");
    }

    private sealed class SyncProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
