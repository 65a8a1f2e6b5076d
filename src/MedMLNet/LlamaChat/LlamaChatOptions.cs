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

    /// <summary>
    /// A Text column whose value is the user's one message (e.g. "Question" in an existing ML.NET pipeline); null (default)
    /// reads ChatRequest-shaped Roles/Messages vectors instead.
    /// </summary>
    public string? PromptColumn { get; init; }

    /// <summary>System prompt used when a request has none (empty: none).</summary>
    public string DefaultSystemPrompt { get; init; } = "";

    /// <summary>Top alternatives (token text + log-probability) kept per generated token in the TopTokens columns (0 = none).</summary>
    public int TopLogProbs { get; init; }

    /// <summary>
    /// A Text column naming, per row, which adapter answers: empty = the default adapter (or the base without one),
    /// <see cref="BaseAdapterName"/> = the base model alone, otherwise one of <see cref="NamedAdapters"/>. Null (default): no per-row choice.
    /// </summary>
    public string? AdapterColumn { get; init; }

    /// <summary>Names of the LoRA adapters carried beside the default one (set by <c>ml.Llama.ChatModel(..., namedAdapters)</c>).</summary>
    public IReadOnlyList<string> NamedAdapters { get; init; } = [];

    /// <summary>
    /// Carry the base checkpoint's files (config, safetensors, tokenizer) inside the model zip instead of a reference to
    /// them, so the zip runs anywhere on its own. For small models only: at most 2 GB in all.
    /// </summary>
    public bool EmbedBaseModel { get; init; }

    /// <summary>The adapter-column value that selects the base model with no adapter.</summary>
    public const string BaseAdapterName = "base";
}
