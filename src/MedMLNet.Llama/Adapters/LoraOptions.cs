using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Adapters;

/// <summary>PEFT's LoraConfig, with its defaults for MedMLNet: r 8, α 32, dropout 0.1, all seven Llama projections.</summary>
public sealed record LoraOptions
{
    /// <summary>The Llama modules LoRA can target (PEFT matches names by suffix).</summary>
    public static IReadOnlyList<string> LlamaModules => LlamaKeys.Projections;

    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 32;
    public double Dropout { get; init; } = 0.1;
    public IReadOnlyList<string> TargetModules { get; init; } = LlamaModules;
    /// <summary>rsLoRA: scaling α/√r instead of α/r.</summary>
    public bool UseRsLora { get; init; }
    /// <summary>Seed for A's kaiming-uniform initialisation.</summary>
    public long Seed { get; init; } = 1;

    public double Scaling => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>Checks rank, dropout and module names; an unknown module lists the valid ones.</summary>
    public LoraOptions Validate()
    {
        if (Rank <= 0) throw new ArgumentException($"LoRA rank must be positive, got {Rank}.");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"LoRA dropout must be in [0, 1), got {Dropout}.");
        if (TargetModules.Count == 0) throw new ArgumentException($"LoRA needs at least one target module: {string.Join(", ", LlamaModules)}.");
        foreach (var m in TargetModules)
            if (m != "all-linear" && !LlamaModules.Contains(m))
                throw new ArgumentException($"'{m}' is not a Llama module LoRA can target; valid: {string.Join(", ", LlamaModules)} (or all-linear).");
        return this;
    }

    /// <summary>Whether the projection at this PEFT module path (e.g. model.layers.0.self_attn.q_proj) is targeted.</summary>
    public bool Targets(string modulePath)
    {
        var name = LlamaKeys.ProjectionName(modulePath);
        return TargetModules.Contains("all-linear") ? LlamaModules.Contains(name) : TargetModules.Contains(name);
    }
}
