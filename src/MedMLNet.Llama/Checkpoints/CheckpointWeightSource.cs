using static TorchSharp.torch;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Takes weights from a <see cref="LlamaCheckpoint"/>: checks each shape and dtype, converts to the compute
/// dtype only when it differs (otherwise the tensor stays a view of the memory-mapped file), and reports
/// keys that are missing or that nothing used.
/// </summary>
public sealed class CheckpointWeightSource(LlamaCheckpoint checkpoint) : IWeightSource
{
    private static readonly ScalarType[] floatTypes = [ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float16];
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public Tensor Take(string key, long[] shape, ScalarType dtype, WeightKind kind)
    {
        var file = checkpoint.FileOf(key) ?? throw new CheckpointException(checkpoint.Directory, key,
            "tensor missing from the checkpoint", $"expected shape [{string.Join(",", shape)}]; the checkpoint is incomplete or not a Llama model");
        var info = checkpoint.InfoOf(key);
        if (!info.Shape.SequenceEqual(shape))
            throw new CheckpointException(file, key, $"shape [{string.Join(",", info.Shape)}] does not match config.json, which implies [{string.Join(",", shape)}]",
                "the weights and config.json come from different models");
        var stored = checkpoint.Load(key);
        if (!floatTypes.Contains(stored.dtype))
        {
            stored.Dispose();
            throw new CheckpointException(file, key, $"dtype {info.DType} is not a floating-point weight type", "expected F32, BF16 or F16");
        }
        taken.Add(key);
        if (stored.dtype == dtype) return stored;
        using (stored) return stored.to(dtype);
    }

    public void Finish()
    {
        var unexpected = checkpoint.Keys.Where(k => !taken.Contains(k) && !IsIgnorable(k)).OrderBy(k => k).ToList();
        if (unexpected.Count > 0)
            throw new CheckpointException(checkpoint.FileOf(unexpected[0])!, unexpected[0],
                $"unexpected tensor{(unexpected.Count > 1 ? $" (and {unexpected.Count - 1} more)" : "")} that no Llama module uses",
                "check config.json (num_hidden_layers, tie_word_embeddings) against the weights");
    }

    // Older exports carry RoPE buffers; a tied model may still store lm_head.weight (identical to the embeddings).
    private bool IsIgnorable(string key) => key.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal)
        || (key == "lm_head.weight" && checkpoint.Config.TieWordEmbeddings);
}
