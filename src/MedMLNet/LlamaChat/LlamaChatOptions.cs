namespace MedMLNet.LlamaChat;

/// <summary>How a <see cref="LlamaChatTransformer"/> answers: generation settings and the compute dtype.</summary>
public sealed record LlamaChatOptions
{
    /// <summary>Longest reply in tokens.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>0 = greedy (default, reproducible); otherwise sample.</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling mass (1 = off).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Sample among the k likeliest tokens (0 = off).</summary>
    public int TopK { get; init; }

    /// <summary>transformers' repetition penalty (1 = off).</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>Sampling seed.</summary>
    public long Seed { get; init; }

    /// <summary>"float32" or "bfloat16": the dtype the base weights are loaded in.</summary>
    public string Dtype { get; init; } = "float32";

    /// <summary>System prompt used when a request has none (empty: none).</summary>
    public string DefaultSystemPrompt { get; init; } = "";
}
