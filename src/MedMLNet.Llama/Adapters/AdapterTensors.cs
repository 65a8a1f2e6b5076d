using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Adapters;

/// <summary>
/// Reads one adapter weight from adapter_model.safetensors after checking what a crafted or damaged file could get
/// wrong: present, a floating-point dtype, the expected number of dimensions, and only finite values.
/// </summary>
internal static class AdapterTensors
{
    private static readonly HashSet<string> FloatTypes = new(StringComparer.Ordinal) { "F32", "F16", "BF16", "F64" };

    /// <summary>The tensor <paramref name="key"/> with <paramref name="dims"/> dimensions, or a <see cref="CheckpointException"/> naming the file and key.</summary>
    public static Tensor Load(SafeTensorsFile file, string key, int dims)
    {
        if (!file.Tensors.TryGetValue(key, out var info)) throw new CheckpointException(file.Path, key, "missing");
        if (!FloatTypes.Contains(info.DType))
            throw new CheckpointException(file.Path, key, $"dtype {info.DType} is not a floating-point type", "PEFT saves adapter weights as F32 (or F16/BF16)");
        if (info.Shape.Length != dims)
            throw new CheckpointException(file.Path, key, $"shape [{string.Join(",", info.Shape)}] has {info.Shape.Length} dimensions, expected {dims}");
        var t = file.Load(key);
        using (var finite = isfinite(t).all())
            if (!finite.item<bool>())
            {
                t.Dispose();
                throw new CheckpointException(file.Path, key, "holds NaN or infinite values", "the adapter diverged in training or the file is damaged; use an earlier checkpoint");
            }
        return t;
    }

    /// <summary>Throws naming the first tensor of <paramref name="file"/> outside <paramref name="used"/>.</summary>
    public static void RejectExtra(SafeTensorsFile file, IReadOnlySet<string> used)
    {
        var extra = file.Tensors.Keys.FirstOrDefault(k => !used.Contains(k));
        if (extra != null) throw new CheckpointException(file.Path, extra, "tensor matches no module of this model", "the adapter was trained on a different base model");
    }
}
