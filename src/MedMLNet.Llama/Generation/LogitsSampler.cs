using static TorchSharp.torch;

namespace MedMLNet.Llama.Generation;

/// <summary>
/// Picks the next token from fp32 logits [B, V] as transformers' logits processors do, in their order:
/// repetition penalty, temperature, top-k, top-p, then argmax (temperature 0) or a seeded multinomial draw.
/// </summary>
public sealed class LogitsSampler : IDisposable
{
    private readonly GenerationOptions options;
    private readonly Generator? generator;

    public LogitsSampler(GenerationOptions options)
    {
        this.options = options.Validate();
        if (options.Temperature > 0) generator = new Generator((ulong)options.Seed);
    }

    /// <param name="logits">[B, V] fp32 scores for the next position.</param>
    /// <param name="history">[B, S] ids seen so far (for the repetition penalty), or null.</param>
    /// <returns>[B] int64 next ids.</returns>
    public Tensor Next(Tensor logits, Tensor? history)
    {
        using var scope = NewDisposeScope();
        var scores = logits;
        if (options.RepetitionPenalty != 1.0 && history is not null)
        {
            var seen = scores.gather(1, history);
            var penalised = where(seen < 0, seen * options.RepetitionPenalty, seen / options.RepetitionPenalty);
            scores = scores.scatter(1, history, penalised);
        }
        if (options.Temperature == 0) return scores.argmax(-1).MoveToOuterDisposeScope();
        scores = scores / options.Temperature;
        if (options.TopK > 0 && options.TopK < scores.shape[^1])
        {
            var kth = scores.topk(options.TopK, -1).values.narrow(-1, options.TopK - 1, 1); // [B, 1]
            scores = scores.masked_fill(scores < kth, float.NegativeInfinity);
        }
        if (options.TopP < 1.0)
        {
            // TopPLogitsWarper: sort ascending, drop the tokens whose cumulative probability stays ≤ 1 - p, keep the top one.
            var (sorted, indices) = scores.sort(-1, descending: false);
            var cumulative = sorted.softmax(-1).cumsum(-1);
            var remove = cumulative <= (1 - options.TopP);
            remove.narrow(-1, remove.shape[^1] - 1, 1).fill_(false);
            scores = scores.masked_fill(remove.scatter(1, indices, remove), float.NegativeInfinity);
        }
        var probs = scores.softmax(-1);
        return multinomial(probs, 1, generator: generator).squeeze(-1).MoveToOuterDisposeScope();
    }

    public void Dispose() => generator?.Dispose();
}
