using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Training;

/// <summary>
/// transformers' ForCausalLMLoss: logits upcast to fp32, labels shifted inside (logits[t] scores labels[t+1]),
/// cross-entropy summed over every target that is not -100 and divided by their count across the whole batch.
/// </summary>
public static class CausalLmLoss
{
    public const long IgnoreIndex = -100;

    /// <summary>Mean loss (fp32 scalar) of logits [B, T, V] against labels [B, T].</summary>
    public static Tensor Compute(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var (sum, count) = SumAndCount(logits, labels);
        return (sum / count.clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same loss from final hidden states [B, T, D], projecting to the vocabulary <paramref name="chunkPositions"/>
    /// flattened (batch × time) positions at a time, so full-batch fp32 logits over a 128k vocabulary are never
    /// materialised at once: the transient peak is two [chunk, V] fp32 tensors whatever the batch size.
    /// </summary>
    public static Tensor FromHidden(LlamaForCausalLM model, Tensor hidden, Tensor labels, long chunkPositions = 256)
    {
        using var scope = NewDisposeScope();
        var target = ShiftLabels(labels).reshape(-1);                       // [B·T]
        var flat = hidden.reshape(-1, hidden.shape[^1]);                    // [B·T, D]
        long n = flat.shape[0];
        Tensor? total = null;
        for (long start = 0; start < n; start += chunkPositions)
        {
            var len = Math.Min(chunkPositions, n - start);
            var logits = model.lm_head.forward(flat.narrow(0, start, len)).to(ScalarType.Float32); // [len, V]
            var part = nn.functional.cross_entropy(logits, target.narrow(0, start, len), ignore_index: IgnoreIndex, reduction: nn.Reduction.Sum);
            total = total is null ? part : total + part;
        }
        var count = target.ne(IgnoreIndex).sum().to(ScalarType.Float32);
        return (total! / count.clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Sum of token losses and the number of counted targets (for accumulation across micro-batches).</summary>
    public static (Tensor Sum, Tensor Count) SumAndCount(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var shifted = ShiftLabels(labels);
        var flat = logits.to(ScalarType.Float32).reshape(-1, logits.shape[^1]);
        var sum = nn.functional.cross_entropy(flat, shifted.reshape(-1), ignore_index: IgnoreIndex, reduction: nn.Reduction.Sum);
        var count = shifted.ne(IgnoreIndex).sum().to(ScalarType.Float32);
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }

    /// <summary>labels[:, 1:] padded with -100 at the end: position t's target.</summary>
    public static Tensor ShiftLabels(Tensor labels)
    {
        using var scope = NewDisposeScope();
        var pad = full(labels.shape[0], 1, IgnoreIndex, ScalarType.Int64, labels.device);
        return cat([labels.narrow(1, 1, labels.shape[1] - 1), pad], 1).MoveToOuterDisposeScope();
    }
}
