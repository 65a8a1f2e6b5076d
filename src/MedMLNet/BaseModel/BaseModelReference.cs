namespace MedMLNet.BaseModel;

/// <summary>
/// What a saved model records about the base checkpoint it was trained on, instead of copying its
/// weights: where it was, and the SHA-256 of its identifying files (see <see cref="CheckpointHasher"/>).
/// </summary>
public sealed class BaseModelReference
{
    /// <summary>Role of <c>config.json</c>.</summary>
    public const string ConfigRole = "config";

    /// <summary>Role of the weight index (or the single safetensors file's header).</summary>
    public const string WeightIndexRole = "weight-index";

    /// <summary>Role of <c>tokenizer.json</c>.</summary>
    public const string TokenizerRole = "tokenizer";

    /// <summary>Creates a reference from recorded values.</summary>
    public BaseModelReference(string recordedPath, IReadOnlyList<BaseModelFile> files)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedPath);
        ArgumentNullException.ThrowIfNull(files);
        if (!files.Any(f => f.Role == ConfigRole))
            throw new ArgumentException("A base model reference needs the hash of config.json.", nameof(files));
        RecordedPath = recordedPath;
        Files = [.. files];
    }

    /// <summary>Absolute path of the checkpoint folder when the model was saved.</summary>
    public string RecordedPath { get; }

    /// <summary>The checkpoint folder's name (used to find it under <c>MEDMLNET_BASE_MODEL_DIR</c>).</summary>
    public string FolderName => Path.GetFileName(Path.TrimEndingDirectorySeparator(RecordedPath));

    /// <summary>The identifying files and their hashes.</summary>
    public IReadOnlyList<BaseModelFile> Files { get; }

    /// <summary>Hashes the checkpoint in <paramref name="directory"/> and records its absolute path.</summary>
    public static BaseModelReference FromDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        return new BaseModelReference(full, CheckpointHasher.HashIdentifyingFiles(full));
    }

    /// <summary>
    /// Checks that <paramref name="directory"/> holds this checkpoint; returns null if it does,
    /// otherwise a sentence naming the first file that is missing or differs.
    /// </summary>
    public string? Mismatch(string directory)
    {
        foreach (var file in Files)
        {
            var path = Path.Combine(directory, file.RelativePath);
            if (!File.Exists(path)) return $"{file.RelativePath} is missing";
            var actual = CheckpointHasher.Hash(directory, file);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                return $"{file.RelativePath} has SHA-256 {actual}, expected {file.Sha256}";
        }
        return null;
    }
}
