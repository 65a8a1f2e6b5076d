namespace MedMLNet.Llama.Training;

/// <summary>transformers' get_cosine_schedule_with_warmup: linear warmup from 0, then half a cosine down to 0.</summary>
public sealed record LearningRateSchedule(double PeakLearningRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate for optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return PeakLearningRate * step / Math.Max(1, WarmupSteps);
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return PeakLearningRate * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
