namespace MedMLNet.Evaluation.Models;

/// <summary>How answers are generated and scored.</summary>
public sealed record ModelEvaluationOptions
{
    /// <summary>Longest generated answer, in tokens.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Prompts generated together (left-padded).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>transformers' repetition penalty for the (greedy) generation; 1 = off.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>Longest prompt + reference scored for perplexity; longer ones are cut from the left of the prompt.</summary>
    public int MaxSequenceLength { get; init; } = 1024;

    /// <summary>Bootstrap resamples for the confidence intervals, and their seed.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    public int Seed { get; init; } = 12345;
}

/// <summary>Where an evaluation is: the stage ("generate", "perplexity", "options") and items done of total.</summary>
public sealed record ModelEvaluationProgress(string System, string Stage, int Done, int Total);
