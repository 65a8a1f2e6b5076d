using System.Diagnostics;
using System.Text.Json;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Training;

/// <summary>
/// The training loop: epochs of deterministic batches, gradient accumulation, warmup + cosine schedule, validation
/// loss/perplexity, early stopping that keeps the best weights, a JSONL log, progress, cancellation, and resumable
/// checkpoints. Randomness (LoRA dropout, drawn from the fine-tuner's own generator) is re-seeded from (seed, step) every
/// step, so a resumed run is bit-identical to an uninterrupted one whatever else in the process uses torch's global RNG.
/// </summary>
public sealed class LlamaTrainer(LlamaForCausalLM model, TrainingOptions options, PrefixEncoder? prefix = null)
{
    /// <summary>Called to persist weights: (tag "best" | "final" | "checkpoint", step).</summary>
    public Action<string, int>? Save { get; init; }
    /// <summary>Resumable state folder (trainer_state.json, trainable.safetensors, optimizer state); null = none.</summary>
    public string? CheckpointDir { get; init; }
    /// <summary>JSONL log, one object per step and per validation.</summary>
    public string? LogPath { get; init; }
    public int PadId { get; init; }

    private FineTuner? running;

    /// <summary>
    /// While <see cref="Train"/> runs with fp32 master weights (bf16 full fine-tuning): the masters by Hugging Face
    /// name, for <see cref="Save"/> to write the weights at full precision (CheckpointWriter.Save's weights); else null.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? MasterWeights =>
        running is { UsesMasterWeights: true } t ? t.Optimized.ToDictionary(o => o.Name, o => (Tensor)o.Parameter, StringComparer.Ordinal) : null;

    public TrainingResult Train(IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample>? validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, bool resume = false)
    {
        options.Validate();
        var usable = train.Where(e => e.HasTargets).ToList();
        if (usable.Count == 0) throw new InvalidDataException("the training data has no example with an assistant answer to learn from.");
        var stepsPerEpoch = (int)Math.Ceiling(Math.Ceiling(usable.Count / (double)options.BatchSize) / options.GradientAccumulation);
        var total = options.MaxSteps > 0 ? options.MaxSteps : stepsPerEpoch * options.Epochs;
        var schedule = new LearningRateSchedule(options.EffectiveLearningRate, (int)Math.Ceiling(total * options.WarmupRatio), total);
        using var tuner = new FineTuner(model, options, prefix);
        running = tuner;
        try { return Run(tuner, usable, validation, stepsPerEpoch, total, schedule, progress, cancellationToken, resume); }
        finally { running = null; }
    }

    private TrainingResult Run(FineTuner tuner, List<TrainingExample> usable, IReadOnlyList<TrainingExample>? validation, int stepsPerEpoch, int total,
        LearningRateSchedule schedule, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, bool resume)
    {
        var state = resume && CheckpointDir != null ? TrainerState.TryLoad(CheckpointDir, tuner) : null;
        var step = state?.Step ?? 0;
        double? best = state?.BestValidationLoss; int? bestStep = state?.BestStep; var sinceBest = state?.EvaluationsSinceBest ?? 0;
        var history = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        double lastLoss = double.NaN;
        using var log = LogPath is null ? null : TrainingLogFile.Open(LogPath, resume ? step : null);

        var stopped = false;
        for (var epoch = step / stepsPerEpoch; step < total && !stopped; epoch++)
        {
            var batches = BatchPlanner.Plan(usable, options.BatchSize, options.Seed, epoch);
            var firstGroup = (step - epoch * stepsPerEpoch) * options.GradientAccumulation;
            for (var g = firstGroup; g < batches.Count && step < total && !stopped; g += options.GradientAccumulation)
            {
                if (cancellationToken.IsCancellationRequested) { stopped = true; break; }
                var group = batches.Skip(g).Take(options.GradientAccumulation).Select(ix => ix.Select(i => usable[i]).ToList()).ToList();
                tuner.SeedDropout(StableSeed.Mix(options.Seed, step));
                var collated = group.Select(b => Batch.Collate(b, PadId, options.SequenceLength)).ToList();
                var targets = collated.Sum(b => b.TargetCount);
                double lossSum = 0;
                foreach (var b in collated) { lossSum += tuner.Backward(b, targets); tokens += b.InputIds.numel(); b.Dispose(); }
                var lr = schedule.At(step);
                tuner.Step(lr);
                step++;
                lastLoss = lossSum / Math.Max(1, targets);
                var elapsed = clock.Elapsed;
                var report = new TrainingProgress(step, total, epoch, lastLoss, lr, tokens / Math.Max(1e-9, elapsed.TotalSeconds), elapsed,
                    TimeSpan.FromSeconds(elapsed.TotalSeconds / Math.Max(1, step - (state?.Step ?? 0)) * (total - step)));
                var evalNow = validation is { Count: > 0 } && (options.EvalEvery > 0 ? step % options.EvalEvery == 0 : (step % stepsPerEpoch == 0)) || (validation is { Count: > 0 } && step == total);
                if (evalNow)
                {
                    var val = Validate(tuner, validation!);
                    report = report with { ValidationLoss = val };
                    if (best is null || val < best) { best = val; bestStep = step; sinceBest = 0; Save?.Invoke("best", step); }
                    else if (options.EarlyStoppingPatience > 0 && ++sinceBest >= options.EarlyStoppingPatience) stopped = true;
                }
                history.Add(report);
                progress?.Report(report);
                log?.WriteLine(JsonSerializer.Serialize(new
                {
                    step, epoch, loss = lastLoss, lr, tokens_per_second = report.TokensPerSecond, validation_loss = report.ValidationLoss,
                    validation_perplexity = report.ValidationPerplexity, elapsed_seconds = elapsed.TotalSeconds,
                }));
                if (CheckpointDir != null && options.SaveEvery > 0 && step % options.SaveEvery == 0)
                    new TrainerState(step, best, bestStep, sinceBest).Save(CheckpointDir, tuner);
            }
        }
        if (CheckpointDir != null) new TrainerState(step, best, bestStep, sinceBest).Save(CheckpointDir, tuner);
        Save?.Invoke("final", step);
        return new TrainingResult(step, lastLoss, best, bestStep, stopped && !cancellationToken.IsCancellationRequested, cancellationToken.IsCancellationRequested, history);
    }

    private double Validate(FineTuner tuner, IReadOnlyList<TrainingExample> validation)
    {
        var batches = validation.Where(e => e.HasTargets).Chunk(options.BatchSize).Select(c => Batch.Collate(c, PadId, options.SequenceLength)).ToList();
        try { return tuner.EvaluateLoss(batches); }
        finally { foreach (var b in batches) b.Dispose(); }
    }
}
