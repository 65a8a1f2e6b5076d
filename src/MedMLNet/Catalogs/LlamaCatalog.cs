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
    /// </summary>
    public LlamaChatTransformer ChatModel(string modelPath, string? adapterPath = null, LlamaChatOptions? options = null)
    {
        if (!Directory.Exists(modelPath)) throw new DirectoryNotFoundException($"Base checkpoint folder '{modelPath}' not found.");
        var files = new Dictionary<string, byte[]>();
        if (adapterPath is not null)
            foreach (var name in new[] { "adapter_config.json", "adapter_model.safetensors" })
            {
                var path = Path.Combine(adapterPath, name);
                files[name] = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"PEFT adapter file '{path}' not found; an adapter folder holds adapter_config.json and adapter_model.safetensors.", path);
            }
        return new LlamaChatTransformer(Environment, modelPath, files, options ?? new LlamaChatOptions());
    }

    /// <summary>LoRA fine-tuning (PEFT defaults r 8, α 32, dropout 0.1 on all seven projections) as an ML.NET trainer.</summary>
    public LlamaLoraTrainer LoraTrainer(LlamaLoraOptions options) => new(Environment, options);

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
