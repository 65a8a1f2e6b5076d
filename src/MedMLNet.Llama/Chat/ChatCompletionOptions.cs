using MedMLNet.Llama.Generation;

namespace MedMLNet.Llama.Chat;

/// <summary>How <see cref="ChatModel"/> answers. Temperature 0 (the default) is greedy decoding.</summary>
public sealed record ChatCompletionOptions
{
    /// <summary>The most tokens the reply may have; the prompt is fitted so that prompt + this fits the context window.</summary>
    public int MaxNewTokens { get; init; } = 256;
    /// <summary>0 = greedy; otherwise logits are divided by it and sampled.</summary>
    public double Temperature { get; init; }
    /// <summary>Nucleus sampling mass (1 = off).</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Keep only the k most likely tokens (0 = off).</summary>
    public int TopK { get; init; }
    /// <summary>transformers' repetition penalty (1 = off).</summary>
    public double RepetitionPenalty { get; init; } = 1.0;
    /// <summary>Seed for sampling; the same seed and options give the same reply.</summary>
    public long Seed { get; init; }
    /// <summary>Text that ends the reply; the first one found is cut off together with everything after it.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];
    /// <summary>Top alternatives with log-probabilities kept per generated token (0 = none).</summary>
    public int TopLogProbs { get; init; }
    /// <summary>
    /// Which adapter answers: null (default) the one the model was loaded with, if any; "" the base model alone; a name
    /// given to <see cref="ChatModel.LoadAdapter"/> that LoRA adapter alone (no merging, no reload).
    /// </summary>
    public string? Adapter { get; init; }

    internal GenerationOptions ToGeneration(IReadOnlyList<int> stopIds) => new GenerationOptions
    {
        MaxNewTokens = MaxNewTokens, Temperature = Temperature, TopP = TopP, TopK = TopK,
        RepetitionPenalty = RepetitionPenalty, Seed = Seed, StopTokenIds = stopIds, TopLogProbs = TopLogProbs,
    }.Validate();
}
