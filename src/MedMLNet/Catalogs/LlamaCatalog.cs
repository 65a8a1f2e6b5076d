using MedMLNet.BaseModel;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MedMLNet.Catalogs;

/// <summary>
/// Llama components, reached as <c>mlContext.Llama</c> (like <c>mlContext.Regression</c>): trainers,
/// chat transformers and evaluation hang off this catalog.
/// </summary>
public sealed class LlamaCatalog
{
    internal LlamaCatalog(MLContext mlContext) => Environment = Contracts.CheckRef<IHostEnvironment>(mlContext, nameof(mlContext));

    /// <summary>The environment components created from this catalog register with.</summary>
    internal IHostEnvironment Environment { get; }

    /// <summary>Hashes a base checkpoint folder's identifying files into the reference a saved model records.</summary>
    public BaseModelReference DescribeBaseModel(string checkpointDirectory) => BaseModelReference.FromDirectory(checkpointDirectory);

    /// <summary>
    /// Makes model loads on this async flow look for base checkpoints in <paramref name="directory"/> first
    /// (before <c>MEDMLNET_BASE_MODEL_DIR</c> and the recorded path) until the result is disposed.
    /// </summary>
    public IDisposable UseBaseModelDirectory(string directory) => BaseModelLocator.UseDirectory(directory);
}
