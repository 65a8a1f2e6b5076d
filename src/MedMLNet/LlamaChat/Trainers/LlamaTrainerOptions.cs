using MedMLNet.Llama.Training;
using Microsoft.ML;

namespace MedMLNet.LlamaChat;

/// <summary>What every Llama trainer takes: the base checkpoint, transformers' Trainer settings, validation data, progress.</summary>
public abstract record LlamaTrainerOptions
{
    /// <summary>Base checkpoint folder (Hugging Face layout, with its tokenizer).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Trainer settings (epochs 3, batch 4, lr 2e-4 for adapters / 2e-5 full, linear warmup + cosine, seed 1, ...); the method is set by the trainer.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Validation rows (same columns as the training data): validation loss, early stopping, best weights kept.</summary>
    public IDataView? ValidationSet { get; init; }

    /// <summary>Receives a report after every step.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stops training at the next step (the weights trained so far are returned).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>How the fitted transformer answers (and the dtype the base weights are loaded in for training).</summary>
    public LlamaChatOptions Chat { get; init; } = new();
}

/// <summary>Options of <see cref="LlamaLoraTrainer"/>: PEFT's LoRA defaults.</summary>
public sealed record LlamaLoraOptions : LlamaTrainerOptions
{
    /// <summary>LoRA rank r.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA alpha (scaling α/r, or α/√r with <see cref="UseRsLora"/>).</summary>
    public double Alpha { get; init; } = 32;

    /// <summary>LoRA dropout.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Rank-stabilised scaling α/√r.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>Projections to adapt (default all seven).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = Llama.Adapters.LoraOptions.LlamaModules;
}

/// <summary>Options of <see cref="LlamaPrefixTrainer"/>: PEFT's prefix tuning.</summary>
public sealed record LlamaPrefixOptions : LlamaTrainerOptions
{
    /// <summary>Learned virtual tokens prepended to every layer's keys and values.</summary>
    public int VirtualTokens { get; init; } = 20;
}

/// <summary>Options of <see cref="LlamaFullTrainer"/>: every weight trained, the result saved as a Hugging Face checkpoint.</summary>
public sealed record LlamaFullOptions : LlamaTrainerOptions
{
    /// <summary>Folder the fine-tuned checkpoint is written to (config, safetensors, tokenizer files); the fitted transformer references it.</summary>
    public required string OutputPath { get; init; }

    /// <summary>"float32" or "bfloat16" for the saved weights (null: the dtype they were trained in).</summary>
    public string? SaveDtype { get; init; }
}
