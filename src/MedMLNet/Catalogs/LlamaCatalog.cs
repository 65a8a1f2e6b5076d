using MedMLNet.BaseModel;
using MedMLNet.LlamaChat;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MedMLNet.Catalogs;

/// <summary>
/// Llama components, reached as <c>mlContext.Llama</c> (like <c>mlContext.Regression</c>): trainers,
/// chat transformers and evaluation hang off this catalog.
/// </summary>
public sealed class LlamaCatalog
{
    private readonly MLContext mlContext;

    internal LlamaCatalog(MLContext mlContext)
    {
        Environment = Contracts.CheckRef<IHostEnvironment>(mlContext, nameof(mlContext));
        this.mlContext = mlContext;
    }

    /// <summary>The environment components created from this catalog register with.</summary>
    internal IHostEnvironment Environment { get; }

    /// <summary>Hashes a base checkpoint folder's identifying files into the reference a saved model records.</summary>
    public BaseModelReference DescribeBaseModel(string checkpointDirectory) => BaseModelReference.FromDirectory(checkpointDirectory);

    /// <summary>
    /// Makes model loads on this async flow look for base checkpoints in <paramref name="directory"/> first
    /// (before <c>MEDMLNET_BASE_MODEL_DIR</c> and the recorded path) until the result is disposed.
    /// </summary>
    public IDisposable UseBaseModelDirectory(string directory) => BaseModelLocator.UseDirectory(directory);

    /// <summary>
    /// A chat transformer over a base checkpoint: zero-shot (no adapter), or with an existing PEFT adapter folder
    /// (LoRA or prefix tuning, as PEFT or `medmlnet train` wrote it). The adapter files are carried into the model zip.
    /// With <paramref name="namedAdapters"/> (name → PEFT LoRA folder, e.g. 内科, 外科, 儿科), those adapters are loaded
    /// once beside the base and each row picks one through <see cref="LlamaChatOptions.AdapterColumn"/>.
    /// </summary>
    public LlamaChatTransformer ChatModel(string modelPath, string? adapterPath = null, LlamaChatOptions? options = null,
        IReadOnlyDictionary<string, string>? namedAdapters = null)
    {
        if (!Directory.Exists(modelPath)) throw new DirectoryNotFoundException($"Base checkpoint folder '{modelPath}' not found.");
        var adapters = new AdapterBlobs(adapterPath is null ? new Dictionary<string, byte[]>() : AdapterBlobs.ReadFolder(adapterPath),
            [.. (namedAdapters ?? new Dictionary<string, string>()).Select(a => (a.Key, (IReadOnlyDictionary<string, byte[]>)AdapterBlobs.ReadFolder(a.Value)))]);
        return new LlamaChatTransformer(Environment, modelPath, adapters, options ?? new LlamaChatOptions());
    }

    /// <summary>The zero-shot baseline: a chat transformer over the base checkpoint in <paramref name="modelPath"/>, no adapter.</summary>
    public LlamaChatTransformer ZeroShot(string modelPath, LlamaChatOptions? options = null) => ChatModel(modelPath, null, options);

    /// <summary>A chat transformer applying the existing PEFT adapter in <paramref name="adapterDirectory"/> (LoRA or prefix) to <paramref name="modelPath"/>.</summary>
    public LlamaChatTransformer LoadAdapter(string modelPath, string adapterDirectory, LlamaChatOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adapterDirectory);
        if (!Directory.Exists(adapterDirectory)) throw new DirectoryNotFoundException($"PEFT adapter folder '{adapterDirectory}' not found; pass the folder holding adapter_config.json and adapter_model.safetensors.");
        return ChatModel(modelPath, adapterDirectory, options);
    }

    /// <summary>LoRA fine-tuning (PEFT defaults r 8, α 32, dropout 0.1 on all seven projections) as an ML.NET trainer.</summary>
    public LlamaLoraTrainer LoraTrainer(LlamaLoraOptions options) => new(Environment, options);

    /// <summary>Prefix tuning (PEFT's prefix tuning, 20 virtual tokens by default) as an ML.NET trainer.</summary>
    public LlamaPrefixTrainer PrefixTrainer(LlamaPrefixOptions options) => new(Environment, options);

    /// <summary>Full-parameter fine-tuning (lr 2e-5) as an ML.NET trainer; the tuned checkpoint is written to <see cref="LlamaFullOptions.OutputPath"/>.</summary>
    public LlamaFullTrainer FullTrainer(LlamaFullOptions options) => new(Environment, options);

    /// <summary>
    /// Text metrics of <paramref name="scored"/>'s replies against its references (and the references' perplexity
    /// under <paramref name="model"/> when given), like <c>mlContext.Regression.Evaluate</c>.
    /// </summary>
    public LlamaMetrics Evaluate(IDataView scored, string referenceColumn = "Reference", string replyColumn = Prediction.ChatColumns.Reply, LlamaChatTransformer? model = null) =>
        LlamaEvaluation.Evaluate(scored, referenceColumn, replyColumn, model);

    /// <summary>
    /// Loads chat JSONL (`medmlnet prepare` output) as <see cref="ChatRecordRow"/>s. With <paramref name="holdOutReference"/>,
    /// each record's last assistant message moves to the Reference column (rows to answer and score); without, the
    /// whole conversation stays in Messages (rows to train on).
    /// </summary>
    public IDataView LoadChatRecords(string path, bool holdOutReference) =>
        mlContext.Data.LoadFromEnumerable(ChatRecordReader.Read(path, holdOutReference));
}
