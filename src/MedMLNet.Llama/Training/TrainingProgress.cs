namespace MedMLNet.Llama.Training;

/// <summary>What the trainer reports after each optimizer step (and after each validation).</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, int Epoch, double Loss, double LearningRate, double TokensPerSecond,
    TimeSpan Elapsed, TimeSpan EstimatedRemaining, double? ValidationLoss = null)
{
    public double? ValidationPerplexity => ValidationLoss is double v ? Math.Exp(v) : null;
}

/// <summary>How a run ended and what it achieved.</summary>
public sealed record TrainingResult(int Steps, double FinalLoss, double? BestValidationLoss, int? BestStep, bool StoppedEarly, bool Cancelled,
    IReadOnlyList<TrainingProgress> History);
