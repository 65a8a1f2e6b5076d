namespace MedMLNet.Llama.Generation;

/// <summary>How to decode. Temperature 0 (the default) is greedy decoding.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 256;
    /// <summary>0 = greedy; otherwise logits are divided by it and sampled.</summary>
    public double Temperature { get; init; }
    /// <summary>Keep only the k most likely tokens (0 = off).</summary>
    public int TopK { get; init; }
    /// <summary>Nucleus sampling: keep the smallest set whose probability reaches p (1 = off).</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>transformers' repetition penalty over prompt and generated ids (1 = off).</summary>
    public double RepetitionPenalty { get; init; } = 1.0;
    /// <summary>Seed for sampling (ignored when greedy).</summary>
    public long Seed { get; init; } = 0;
    /// <summary>Token ids that end a reply; default: every eos id of generation_config.json.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }
    /// <summary>Stop when a row produces a stop id (false: always generate MaxNewTokens, as the fixtures do).</summary>
    public bool StopOnEos { get; init; } = true;
    /// <summary>Use the KV cache (false: recompute the whole sequence each step; slow, for checking).</summary>
    public bool UseCache { get; init; } = true;
    /// <summary>Return the top-k alternatives with their log-probabilities at each step (0 = none).</summary>
    public int TopLogProbs { get; init; }
    /// <summary>Keep each step's fp32 logits [B, V] (tests and diagnostics).</summary>
    public bool KeepStepLogits { get; init; }

    public GenerationOptions Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentException($"max new tokens must be >= 0, got {MaxNewTokens}.");
        if (Temperature < 0) throw new ArgumentException($"temperature must be >= 0, got {Temperature}.");
        if (TopK < 0) throw new ArgumentException($"top-k must be >= 0, got {TopK}.");
        if (TopP is <= 0 or > 1) throw new ArgumentException($"top-p must be in (0, 1], got {TopP}.");
        if (RepetitionPenalty <= 0) throw new ArgumentException($"repetition penalty must be > 0, got {RepetitionPenalty}.");
        return this;
    }
}
