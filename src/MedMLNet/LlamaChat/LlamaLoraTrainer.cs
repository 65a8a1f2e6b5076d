using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>Options of <see cref="LlamaLoraTrainer"/>: PEFT's LoRA defaults and transformers' Trainer defaults.</summary>
public sealed record LlamaLoraOptions
{
    /// <summary>Base checkpoint folder (Hugging Face layout, with its tokenizer).</summary>
    public required string ModelPath { get; init; }

    /// <summary>LoRA rank r.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA alpha (scaling α/r).</summary>
    public double Alpha { get; init; } = 32;

    /// <summary>LoRA dropout.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Projections to adapt (default all seven).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = LoraOptions.LlamaModules;

    /// <summary>Trainer settings (epochs 3, batch 4, lr 2e-4, linear warmup + cosine, seed 1, ...).</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Validation rows (same columns as the training data): validation loss, early stopping, best adapter kept.</summary>
    public IDataView? ValidationSet { get; init; }

    /// <summary>Receives a report after every step.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stops training at the next step (the adapter trained so far is returned).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>How the fitted transformer answers.</summary>
    public LlamaChatOptions Chat { get; init; } = new();
}

/// <summary>
/// LoRA fine-tuning as an ML.NET trainer: <c>Fit</c> reads the <c>Roles</c>/<c>Messages</c> conversations, trains a LoRA
/// adapter on the assistant answers (loss on the answers only) and returns a <see cref="LlamaChatTransformer"/> carrying it.
/// </summary>
public sealed class LlamaLoraTrainer(IHostEnvironment env, LlamaLoraOptions options) : IEstimator<LlamaChatTransformer>
{
    /// <summary>The training result of the last <see cref="Fit"/> (steps, losses, best validation loss).</summary>
    public TrainingResult? LastResult { get; private set; }

    /// <inheritdoc />
    public LlamaChatTransformer Fit(IDataView input)
    {
        var lora = new LoraOptions { Rank = options.Rank, Alpha = options.Alpha, Dropout = options.Dropout, TargetModules = [.. options.TargetModules], Seed = options.Training.Seed }.Validate();
        var training = options.Training.Validate();
        var tokenizer = Llama3Tokenizer.FromPretrained(options.ModelPath);
        var template = new ChatTemplate(tokenizer);
        List<TrainingExample> Examples(IDataView data) => [.. ChatRows.Read(data).Select(c => template.EncodeForTraining(c)).Select(s => new TrainingExample(s.Ids, s.Labels))];
        var train = Examples(input);
        if (train.Count == 0) throw new ArgumentException("The training data has no rows.", nameof(input));
        var validation = options.ValidationSet is null ? null : Examples(options.ValidationSet);
        using var model = LlamaForCausalLM.FromPretrained(options.ModelPath, DTypes.Parse(options.Chat.Dtype));
        LoraWeights.Attach(model, lora);
        var best = new Dictionary<string, byte[]>();
        var trainer = new LlamaTrainer(model, training)
        {
            PadId = tokenizer.PadId,
            Save = (tag, _) => { if (tag == "best") best = AdapterFiles(model, lora); },
        };
        LastResult = trainer.Train(train, validation, options.Progress, options.CancellationToken);
        var files = validation is not null && best.Count > 0 ? best : AdapterFiles(model, lora);
        return new LlamaChatTransformer(env, options.ModelPath, files, options.Chat);
    }

    private Dictionary<string, byte[]> AdapterFiles(LlamaForCausalLM model, LoraOptions lora)
    {
        var dir = Directory.CreateTempSubdirectory("medmlnet-lora-");
        try
        {
            LoraWeights.Save(model, lora, dir.FullName, Path.GetFullPath(options.ModelPath));
            return Directory.GetFiles(dir.FullName).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => LlamaChatSchema.Output(inputSchema);
}
