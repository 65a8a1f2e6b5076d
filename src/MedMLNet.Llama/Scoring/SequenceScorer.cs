using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Scoring;

/// <summary>Summed negative log-likelihood of a sequence's labelled tokens and how many there were.</summary>
public readonly record struct SequenceScore(double Nll, int Tokens)
{
    /// <summary>Mean log-probability per labelled token (0 when there are none).</summary>
    public double MeanLogProb => Tokens == 0 ? 0 : -Nll / Tokens;
}

/// <summary>
/// Teacher-forced scoring under no_grad: for each example, the NLL of the positions whose label is not -100 (the
/// same shift and loss as training), one sequence at a time so no padding can change a score and the 128k-vocabulary
/// logits are projected in chunks. Perplexity over a set is exp(ΣNll / ΣTokens).
/// </summary>
public sealed class SequenceScorer(LlamaForCausalLM model, PrefixEncoder? prefix = null)
{
    public SequenceScore Score(TrainingExample example)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var ids = tensor(example.InputIds.Select(i => (long)i).ToArray()).unsqueeze(0);   // [1, T]
        var labels = tensor(example.Labels.Select(i => (long)i).ToArray()).unsqueeze(0);   // [1, T]
        var past = prefix?.ToCache(1, model.DType);
        var mask = prefix is null ? null : ones(1, prefix.NumVirtualTokens + example.Length, ScalarType.Int64);
        var hidden = model.ForwardHidden(new LlamaInputs(ids) { PastKeyValues = past, AttentionMask = mask }); // [1, T, D]
        var count = example.Labels.Skip(1).Count(l => l != CausalLmLoss.IgnoreIndex);
        if (count == 0) return new SequenceScore(0, 0);
        var mean = CausalLmLoss.FromHidden(model, hidden, labels).item<float>();
        return new SequenceScore((double)mean * count, count);
    }

    /// <summary>Scores each example; <paramref name="progress"/> gets the number done.</summary>
    public IReadOnlyList<SequenceScore> ScoreAll(IReadOnlyList<TrainingExample> examples, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var scores = new SequenceScore[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            scores[i] = Score(examples[i]);
            progress?.Report(i + 1);
        }
        return scores;
    }

    /// <summary>exp(ΣNll / ΣTokens) over <paramref name="scores"/>; NaN when nothing was labelled.</summary>
    public static double Perplexity(IEnumerable<SequenceScore> scores)
    {
        double nll = 0; long tokens = 0;
        foreach (var s in scores) { nll += s.Nll; tokens += s.Tokens; }
        return tokens == 0 ? double.NaN : Math.Exp(nll / tokens);
    }
}
