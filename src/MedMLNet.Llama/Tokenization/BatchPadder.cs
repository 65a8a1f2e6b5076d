namespace MedMLNet.Llama.Tokenization;

/// <summary>Where padding goes.</summary>
public enum PaddingSide
{
    /// <summary>After the tokens: for training (positions 0..n-1 stay put; labels -100 on padding).</summary>
    Right,
    /// <summary>Before the tokens: for batched generation, so every row's next token is at the same column.</summary>
    Left,
}

/// <summary>
/// A padded batch, row-major and flat so it maps straight onto a [B, T] tensor:
/// element (b, t) is at index b * <see cref="SequenceLength"/> + t.
/// </summary>
/// <param name="BatchSize">B.</param>
/// <param name="SequenceLength">T: the longest row (after truncation).</param>
/// <param name="InputIds">[B, T] ids, pad id on padding.</param>
/// <param name="AttentionMask">[B, T] 1 on tokens, 0 on padding.</param>
/// <param name="PositionIds">[B, T] position of each token counted from its row's first real token (0 on padding), as Hugging Face derives them from the mask.</param>
/// <param name="Labels">[B, T] labels (-100 on padding), when labels were given.</param>
public sealed record PaddedBatch(int BatchSize, int SequenceLength, long[] InputIds, long[] AttentionMask, long[] PositionIds, long[]? Labels);

/// <summary>Pads sequences of ids (and optionally labels) into one rectangular batch.</summary>
public static class BatchPadder
{
    /// <summary>The label value the loss ignores.</summary>
    public const int IgnoreIndex = -100;

    /// <summary>Pads <paramref name="sequences"/> to the longest one.</summary>
    /// <param name="sequences">One id array per row (at least one row).</param>
    /// <param name="padId">The id written on padding (<see cref="Llama3Tokenizer.PadId"/>).</param>
    /// <param name="side">Right for training, left for generation.</param>
    /// <param name="labels">Optional labels, one array per row with the same lengths as the rows; padded with -100.</param>
    /// <param name="maxLength">Optional cap on T: longer rows lose their end (right padding) or their start (left padding, keeping the most recent context).</param>
    public static PaddedBatch Pad(IReadOnlyList<int[]> sequences, int padId, PaddingSide side = PaddingSide.Right,
        IReadOnlyList<int[]>? labels = null, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        if (labels != null && (labels.Count != sequences.Count || labels.Where((l, i) => l.Length != sequences[i].Length).Any()))
            throw new ArgumentException("labels must have one array per sequence, each as long as its sequence.", nameof(labels));
        if (maxLength is <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be positive.");

        var b = sequences.Count;
        var t = sequences.Max(s => s.Length);
        if (maxLength is { } cap) t = Math.Min(t, cap);
        var ids = new long[b * t];
        var mask = new long[b * t];
        var positions = new long[b * t];
        var outLabels = labels == null ? null : new long[b * t];
        Array.Fill(ids, padId);
        if (outLabels != null) Array.Fill(outLabels, IgnoreIndex);

        for (var row = 0; row < b; row++)
        {
            var seq = sequences[row];
            var n = Math.Min(seq.Length, t);
            var from = side == PaddingSide.Right ? 0 : seq.Length - n;     // which part of the row is kept
            var to = row * t + (side == PaddingSide.Right ? 0 : t - n);    // where it goes
            for (var i = 0; i < n; i++)
            {
                ids[to + i] = seq[from + i];
                mask[to + i] = 1;
                positions[to + i] = i;
                if (outLabels != null) outLabels[to + i] = labels![row][from + i];
            }
        }
        return new PaddedBatch(b, t, ids, mask, positions, outLabels);
    }
}
