using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;

namespace MedMLNet.Evaluation.Mcq;

/// <summary>How multiple-choice items are scored.</summary>
public sealed record McqOptions
{
    /// <summary>Few-shot examples: the file's first K items, put before every prompt (and not scored themselves).</summary>
    public int Fewshot { get; init; }

    /// <summary>Longest scored sequence; longer ones lose tokens from the left (lm-eval's truncation). 0: the model's context length.</summary>
    public int MaxLength { get; init; }

    /// <summary>Start each sequence with BOS (lm-eval's add_bos_token; off by default there).</summary>
    public bool AddBos { get; init; }

    /// <summary>Bootstrap resamples for the accuracy intervals, and their seed.</summary>
    public int BootstrapResamples { get; init; } = Bootstrap.DefaultResamples;

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; } = 12345;
}

/// <summary>One item's outcome: the summed log-likelihood of each choice and the two predictions.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Gold">The correct choice.</param>
/// <param name="Choices">The continuations scored.</param>
/// <param name="LogLikelihoods">Summed log-probability of each continuation's tokens given the prompt.</param>
/// <param name="Predicted">argmax of the log-likelihoods (the first on a tie, as numpy's argmax).</param>
/// <param name="PredictedNorm">argmax of log-likelihood / len(choice) in characters.</param>
public sealed record McqPrediction(string Id, int Gold, IReadOnlyList<string> Choices, double[] LogLikelihoods, int Predicted, int PredictedNorm)
{
    /// <summary>acc for this item: 1 when <see cref="Predicted"/> is the gold choice.</summary>
    public double Acc => Predicted == Gold ? 1 : 0;

    /// <summary>acc_norm for this item.</summary>
    public double AccNorm => PredictedNorm == Gold ? 1 : 0;
}

/// <summary>A system's accuracy on a benchmark: acc and acc_norm with bootstrap intervals, and the per-item predictions.</summary>
public sealed record McqResult(string System, IReadOnlyList<McqPrediction> Predictions, ConfidenceInterval Acc, ConfidenceInterval AccNorm);

/// <summary>
/// lm-evaluation-harness's multiple_choice scoring: for each choice the summed log-likelihood of " " + choice after
/// the prompt (<c>loglikelihood(context, continuation)</c>, the pair encoded as the harness's <c>_encode_pair</c>:
/// trailing spaces of the context move to the continuation, whole − context tokens are scored); acc = argmax, acc_norm
/// = argmax of log-likelihood divided by the choice's length in characters.
/// </summary>
public sealed class McqEvaluator(LlamaForCausalLM model, Llama3Tokenizer tokenizer, PrefixEncoder? prefix = null)
{
    /// <summary>The harness's target delimiter and few-shot delimiter.</summary>
    public const string TargetDelimiter = " ", FewshotDelimiter = "\n\n";

    /// <summary>Scores <paramref name="items"/> (the first <see cref="McqOptions.Fewshot"/> serve as examples).</summary>
    public McqResult Evaluate(string system, IReadOnlyList<McqItem> items, McqOptions? options = null, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        options ??= new McqOptions();
        if (options.Fewshot < 0) throw new ArgumentException($"--fewshot must be 0 or more, not {options.Fewshot}.");
        if (items.Count <= options.Fewshot) throw new ArgumentException($"{items.Count} items leave none to score after {options.Fewshot} few-shot examples; lower --fewshot or give more items.");
        var shots = items.Take(options.Fewshot).ToList();
        var scored = items.Skip(options.Fewshot).ToList();
        var scorer = new SequenceScorer(model, prefix);
        var maxLength = options.MaxLength > 0 ? options.MaxLength : model.Config.MaxPositionEmbeddings - (int)(prefix?.NumVirtualTokens ?? 0);
        var predictions = new List<McqPrediction>(scored.Count);
        foreach (var item in scored)
        {
            ct.ThrowIfCancellationRequested();
            var context = Context(item, shots);
            var lls = item.Choices.Select(c => -scorer.Score(Example(context, TargetDelimiter + c, maxLength, options.AddBos)).Nll).ToArray();
            predictions.Add(Predict(item, lls));
            progress?.Report(predictions.Count);
        }
        return Summarize(system, predictions, options);
    }

    /// <summary>acc and acc_norm of log-likelihoods already computed (the harness's process_results).</summary>
    public static McqPrediction Predict(McqItem item, double[] logLikelihoods)
    {
        if (logLikelihoods.Length != item.Choices.Count) throw new ArgumentException($"item '{item.Id}': {logLikelihoods.Length} log-likelihoods for {item.Choices.Count} choices.");
        var norm = logLikelihoods.Select((ll, i) => ll / PyText.Length(item.Choices[i])).ToArray();
        return new McqPrediction(item.Id, item.Gold, item.Choices, logLikelihoods, ArgMax(logLikelihoods), ArgMax(norm));
    }

    /// <summary>Mean acc and acc_norm with seeded bootstrap intervals.</summary>
    public static McqResult Summarize(string system, IReadOnlyList<McqPrediction> predictions, McqOptions options) =>
        new(system, predictions,
            Bootstrap.Mean(predictions.Select(p => p.Acc).ToList(), options.BootstrapResamples, seed: options.Seed),
            Bootstrap.Mean(predictions.Select(p => p.AccNorm).ToList(), options.BootstrapResamples, seed: options.Seed));

    /// <summary>The few-shot context of an item: description, examples with their answers, then the item's prompt.</summary>
    public static string Context(McqItem item, IReadOnlyList<McqItem> shots) =>
        item.Description + string.Concat(shots.Select(s => s.Query + TargetDelimiter + s.Target + FewshotDelimiter)) + item.Query;

    /// <summary>numpy's argmax: the first index of the largest value.</summary>
    public static int ArgMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>The harness's <c>_encode_pair</c> and left truncation, as a scored example (loss on the continuation only).</summary>
    public TrainingExample Example(string context, string continuation, int maxLength, bool addBos = false)
    {
        var spaces = context.Length - context.TrimEnd(' ', '\t', '\n', '\r', '\f', '\v').Length;
        if (spaces > 0) { continuation = context[^spaces..] + continuation; context = context[..^spaces]; }
        var whole = tokenizer.Encode(context + continuation);
        var contextIds = tokenizer.Encode(context);
        // as the harness: the continuation is what the whole text has beyond the context's token count
        var continuationIds = whole.Length > contextIds.Length ? whole[contextIds.Length..] : [];
        if (continuationIds.Length == 0) throw new InvalidDataException($"the continuation '{continuation}' encodes to no tokens after its context.");
        int[] ids = addBos ? [tokenizer.BosId, .. contextIds, .. continuationIds] : [.. contextIds, .. continuationIds];
        var labels = ids.Select((id, i) => i >= ids.Length - continuationIds.Length ? id : (int)CausalLmLoss.IgnoreIndex).ToArray();
        var skip = Math.Max(0, ids.Length - maxLength);
        if (ids.Length - skip <= continuationIds.Length) skip = Math.Max(0, ids.Length - continuationIds.Length - 1);
        return new TrainingExample(ids[skip..], labels[skip..]);
    }
}
