using static TorchSharp.torch;

namespace MedMLNet.Llama.Training;

/// <summary>
/// A right-padded training batch: input ids [B, T] (padding with the pad id), labels [B, T] (-100 on padding) and
/// the attention mask [B, T]. Sequences longer than the budget are truncated from the right.
/// </summary>
public sealed class Batch : IDisposable
{
    private Batch(Tensor ids, Tensor labels, Tensor? mask, int targets) { InputIds = ids; Labels = labels; AttentionMask = mask; TargetCount = targets; }

    public Tensor InputIds { get; }
    public Tensor Labels { get; }
    /// <summary>Null when no row is padded.</summary>
    public Tensor? AttentionMask { get; }
    /// <summary>Positions that count in the loss (after the shift).</summary>
    public int TargetCount { get; }

    public static Batch Collate(IReadOnlyList<TrainingExample> examples, int padId, int maxLength)
    {
        var t = Math.Min(maxLength, examples.Max(e => e.Length));
        var ids = new long[examples.Count * t];
        var labels = new long[examples.Count * t];
        var mask = new long[examples.Count * t];
        var padded = false;
        var targets = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            for (var j = 0; j < t; j++)
            {
                var real = j < e.Length;
                padded |= !real;
                ids[i * t + j] = real ? e.InputIds[j] : padId;
                labels[i * t + j] = real ? e.Labels[j] : CausalLmLoss.IgnoreIndex;
                mask[i * t + j] = real ? 1 : 0;
                if (real && j > 0 && e.Labels[j] != CausalLmLoss.IgnoreIndex) targets++;
            }
        }
        long[] shape = [examples.Count, t];
        return new Batch(tensor(ids).reshape(shape), tensor(labels).reshape(shape), padded ? tensor(mask).reshape(shape) : null, targets);
    }

    public void Dispose()
    {
        InputIds.Dispose();
        Labels.Dispose();
        AttentionMask?.Dispose();
    }
}
