using System.Text.Json;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.Llama.Training;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>Validation in the JSONL log, early stopping, keeping the best adapter, and cancellation's resumable checkpoint.</summary>
[Collection(GlobalRngCollection.Name)]
public class ValidationAndStoppingTests
{
    private static readonly List<TrainingExample> train = TinyTraining.Reversal(32, 1), validation = TinyTraining.Reversal(12, 2);
    private static readonly LoraOptions lora = new() { Rank = 4, Alpha = 8, Dropout = 0 };

    [Fact]
    public void TheLogHoldsValidationLossAndItsPerplexity()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, lora);
        using var dir = RepoPaths.TempDir();
        var options = new TrainingOptions { MaxSteps = 4, EvalEvery = 2, BatchSize = 8, LearningRate = 1e-2, SequenceLength = 16 };
        new LlamaTrainer(model, options) { LogPath = dir.File("log.jsonl") }.Train(train, validation);
        var lines = File.ReadAllLines(dir.File("log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.GetProperty("step").GetInt32()));
        foreach (var l in lines)
        {
            var evaluated = l.GetProperty("step").GetInt32() % 2 == 0;
            Assert.Equal(evaluated ? JsonValueKind.Number : JsonValueKind.Null, l.GetProperty("validation_loss").ValueKind);
            if (!evaluated) continue;
            var loss = l.GetProperty("validation_loss").GetDouble();
            Assert.Equal(Math.Exp(loss), l.GetProperty("validation_perplexity").GetDouble(), Math.Exp(loss) * 1e-12);
        }
        // The last logged validation loss is the final model's mean loss over the validation answers.
        using var tuner = new FineTuner(model, options);
        var batches = validation.Chunk(8).Select(c => Batch.Collate(c, 0, 16)).ToList();
        Assert.Equal(tuner.EvaluateLoss(batches), lines[^1].GetProperty("validation_loss").GetDouble(), 1e-6);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEvaluationsWithoutImprovement()
    {
        // Full fine-tuning at lr 1e-20: each AdamW step moves a weight by at most 1e-20, far below fp32's resolution
        // at these weights, so nothing changes and the validation loss never improves after the first evaluation.
        using var model = TinyTraining.Model();
        var options = new TrainingOptions { Method = FineTuneMethod.Full, MaxSteps = 20, EvalEvery = 1, EarlyStoppingPatience = 2, BatchSize = 8, LearningRate = 1e-20, SequenceLength = 16 };
        var result = new LlamaTrainer(model, options).Train(train, validation);
        Assert.True(result.StoppedEarly);
        Assert.False(result.Cancelled);
        Assert.Equal(3, result.Steps); // step 1 sets the best; steps 2 and 3 do not improve → stop
        Assert.Equal(1, result.BestStep);
        Assert.Equal(3, result.History.Count(h => h.ValidationLoss is not null));
    }

    [Fact]
    public void TheSavedBestAdapterIsTheOneFromTheBestValidationStep()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, lora);
        using var dir = RepoPaths.TempDir();
        var bestDir = Path.Combine(dir.Path, "best");
        // A high learning rate on 4 examples: validation improves, then overfitting makes it worse.
        var options = new TrainingOptions { MaxSteps = 30, EvalEvery = 1, EarlyStoppingPatience = 4, BatchSize = 4, LearningRate = 1e-1, SequenceLength = 16, MaxGradNorm = 0 };
        var snapshots = new Dictionary<int, Dictionary<string, byte[]>>();
        var progress = new SyncProgress(p => snapshots[p.Step] = model.Projections()
            .SelectMany(q => new[] { (LoraWeights.KeyA(q), q.Lora!.lora_A), (LoraWeights.KeyB(q), q.Lora.lora_B) })
            .ToDictionary(t => t.Item1, t => t.Item2.bytes.ToArray()));
        var trainer = new LlamaTrainer(model, options) { Save = (tag, _) => { if (tag == "best") LoraWeights.Save(model, lora, bestDir, "tiny"); } };
        var result = trainer.Train(TinyTraining.Reversal(4, 9), validation, progress);

        var losses = result.History.Where(h => h.ValidationLoss is not null).ToList();
        var argmin = losses.MinBy(h => h.ValidationLoss!.Value)!.Step;
        Assert.Equal(argmin, result.BestStep);
        Assert.True(result.BestStep < result.Steps, $"the run should go past its best step (best {result.BestStep}, last {result.Steps})");
        using var saved = SafeTensorsFile.Open(Path.Combine(bestDir, "adapter_model.safetensors"));
        var best = snapshots[result.BestStep!.Value];
        Assert.Equal(best.Keys.Order(), saved.Tensors.Keys.Order());
        foreach (var (name, bytes) in best)
        {
            using var t = saved.Load(name);
            Assert.Equal(bytes, t.bytes.ToArray());
        }
        Assert.NotEqual(best.Values.First(), snapshots[result.Steps].Values.First());
    }

    [Fact]
    public void CancellationStopsAtTheNextStepAndSavesAResumableCheckpoint()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, lora);
        using var dir = RepoPaths.TempDir();
        var options = new TrainingOptions { MaxSteps = 10, BatchSize = 8, LearningRate = 1e-2, SequenceLength = 16, SaveEvery = 0 }; // no periodic saves
        using var cts = new CancellationTokenSource();
        var result = new LlamaTrainer(model, options) { CheckpointDir = dir.Path }
            .Train(train, null, new SyncProgress(p => { if (p.Step == 3) cts.Cancel(); }), cts.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(3, result.Steps);

        using var fresh = TinyTraining.Model();
        LoraWeights.Attach(fresh, lora);
        using var tuner = new FineTuner(fresh, options);
        var state = TrainerState.TryLoad(dir.Path, tuner);
        Assert.NotNull(state);
        Assert.Equal(3, state.Step);
        foreach (var (a, b) in model.Projections().Zip(fresh.Projections()))
        {
            Assert.Equal(a.Lora!.lora_A.bytes.ToArray(), b.Lora!.lora_A.bytes.ToArray());
            Assert.Equal(a.Lora.lora_B.bytes.ToArray(), b.Lora.lora_B.bytes.ToArray());
        }
    }

    private sealed class SyncProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
