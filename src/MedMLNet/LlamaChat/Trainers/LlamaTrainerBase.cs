using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>
/// An ML.NET trainer over Llama: <c>Fit</c> reads the <c>Roles</c>/<c>Messages</c> conversations, fine-tunes on the
/// assistant answers (loss on the answers only) and returns a <see cref="LlamaChatTransformer"/> answering with the
/// result. With a validation set, the weights of the best validation loss are the ones kept. Subclasses say what is
/// trained (<see cref="Prepare"/>) and what is kept (<see cref="Snapshot"/>).
/// </summary>
public abstract class LlamaTrainerBase<TOptions> : IEstimator<LlamaChatTransformer> where TOptions : LlamaTrainerOptions
{
    private readonly IHostEnvironment env;

    private protected LlamaTrainerBase(IHostEnvironment env, TOptions options)
    {
        this.env = env ?? throw new ArgumentNullException(nameof(env));
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The trainer's options.</summary>
    public TOptions Options { get; }

    /// <summary>The training result of the last <see cref="Fit"/> (steps, losses, best validation loss).</summary>
    public TrainingResult? LastResult { get; private set; }

    private protected abstract FineTuneMethod Method { get; }

    /// <summary>Makes the model trainable for this method; returns the prefix encoder when there is one.</summary>
    private protected abstract PrefixEncoder? Prepare(LlamaForCausalLM model);

    /// <summary>The result as it is now: adapter files to carry, and the checkpoint folder the transformer answers from.</summary>
    private protected abstract (AdapterBlobs Adapters, string ModelDirectory) Snapshot(LlamaForCausalLM model, PrefixEncoder? prefix);

    /// <inheritdoc />
    public LlamaChatTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var training = (Options.Training with { Method = Method }).Validate();
        var tokenizer = Llama3Tokenizer.FromPretrained(Options.ModelPath);
        var template = new ChatTemplate(tokenizer);
        List<TrainingExample> Examples(IDataView data) => [.. ChatRows.Read(data).Select(c => template.EncodeForTraining(c)).Select(s => new TrainingExample(s.Ids, s.Labels))];
        var train = Examples(input);
        if (train.Count == 0) throw new ArgumentException("The training data has no rows.", nameof(input));
        var validation = Options.ValidationSet is null ? null : Examples(Options.ValidationSet);
        using var model = LlamaForCausalLM.FromPretrained(Options.ModelPath, DTypes.Parse(Options.Chat.Dtype));
        using var prefix = Prepare(model);
        (AdapterBlobs, string)? best = null;
        var trainer = new LlamaTrainer(model, training, prefix)
        {
            PadId = tokenizer.PadId,
            Save = (tag, _) => { if (tag == "best") best = Snapshot(model, prefix); },
        };
        LastResult = trainer.Train(train, validation, Options.Progress, Options.CancellationToken);
        var (adapters, directory) = validation is not null && best is { } b ? b : Snapshot(model, prefix);
        return new LlamaChatTransformer(env, directory, adapters, Options.Chat);
    }

    /// <summary>Files a saver writes into a scratch folder, read back as bytes.</summary>
    private protected static Dictionary<string, byte[]> FilesWrittenBy(Action<string> save)
    {
        var dir = Directory.CreateTempSubdirectory("medmlnet-adapter-");
        try
        {
            save(dir.FullName);
            return Directory.GetFiles(dir.FullName).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => LlamaChatSchema.Output(inputSchema);
}
