namespace MedMLNet.Llama.Training;

/// <summary>What to fine-tune.</summary>
public enum FineTuneMethod { Lora, Prefix, Full }

/// <summary>
/// Trainer settings with transformers' Trainer defaults where MedMLNet has no better one: AdamW (β 0.9/0.999,
/// ε 1e-8), linear warmup then cosine decay, gradient clipping at 1.0. Defaults per method follow the seed study:
/// LoRA/prefix lr 2e-4, full lr 2e-5, batch 4, 3 epochs.
/// </summary>
public sealed record TrainingOptions
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;
    public int Epochs { get; init; } = 3;
    /// <summary>Stop after this many optimizer steps (overrides epochs when &gt; 0).</summary>
    public int MaxSteps { get; init; }
    public double? LearningRate { get; init; }
    public int BatchSize { get; init; } = 4;
    public int GradientAccumulation { get; init; } = 1;
    public int SequenceLength { get; init; } = 512;
    public long Seed { get; init; } = 1;
    public double WarmupRatio { get; init; } = 0.03;
    public double WeightDecay { get; init; } = 0.0;
    public double MaxGradNorm { get; init; } = 1.0;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>Evaluate on the validation set every N optimizer steps (0 = once per epoch).</summary>
    public int EvalEvery { get; init; }
    /// <summary>Stop when the validation loss has not improved for this many evaluations (0 = never).</summary>
    public int EarlyStoppingPatience { get; init; }
    /// <summary>Save a resumable checkpoint every N optimizer steps (0 = only at the end).</summary>
    public int SaveEvery { get; init; }
    /// <summary>Recompute each decoder layer's activations in backward instead of storing them (less memory, ~⅓ more compute).</summary>
    public bool GradientCheckpointing { get; init; }
    /// <summary>
    /// Train bf16/fp16 weights through fp32 master copies with fp32 AdamW state (torch AMP / DeepSpeed bf16 style):
    /// updates below the low precision's resolution accumulate in the master instead of being rounded away. Only
    /// full fine-tuning of a bf16/fp16 model has such weights (adapters and prefixes are fp32 already). Off: the
    /// optimizer updates the low-precision weights directly.
    /// </summary>
    public bool MasterWeights { get; init; } = true;

    public double EffectiveLearningRate => LearningRate ?? (Method == FineTuneMethod.Full ? 2e-5 : 2e-4);

    public TrainingOptions Validate()
    {
        if (Epochs <= 0 && MaxSteps <= 0) throw new ArgumentException("train for at least one epoch or one step (--epochs / --max-steps).");
        if (BatchSize <= 0) throw new ArgumentException($"--batch-size must be positive, got {BatchSize}.");
        if (GradientAccumulation <= 0) throw new ArgumentException($"--grad-accum must be positive, got {GradientAccumulation}.");
        if (SequenceLength < 2) throw new ArgumentException($"--seq-len must be at least 2, got {SequenceLength}.");
        if (EffectiveLearningRate <= 0 || double.IsNaN(EffectiveLearningRate)) throw new ArgumentException($"--lr must be positive, got {EffectiveLearningRate}.");
        if (WarmupRatio is < 0 or > 1) throw new ArgumentException($"warmup ratio must be in [0, 1], got {WarmupRatio}.");
        return this;
    }
}
