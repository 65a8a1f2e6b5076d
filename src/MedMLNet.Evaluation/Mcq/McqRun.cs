using MedMLNet.Evaluation.Stats;
using MedMLNet.IO;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Evaluation.Mcq;

/// <summary>One benchmark's results: each system's accuracy and, against the first (the baseline), paired tests on acc and acc_norm.</summary>
/// <param name="Benchmark">The benchmark's name (e.g. "medqa: test.jsonl").</param>
/// <param name="Systems">Per system (base first), its result.</param>
public sealed record McqBenchmark(string Benchmark, IReadOnlyList<McqResult> Systems)
{
    /// <summary>Per non-baseline system, sacrebleu-style paired bootstrap and approximate randomization on acc and acc_norm.</summary>
    public IReadOnlyList<(string System, string Metric, PairedTestResult Bootstrap, PairedTestResult Randomization)> Significance(int seed = 12345)
    {
        var list = new List<(string, string, PairedTestResult, PairedTestResult)>();
        if (Systems.Count < 2) return list;
        var baseline = Systems[0];
        foreach (var s in Systems.Skip(1))
        {
            if (!s.Predictions.Select(p => p.Id).SequenceEqual(baseline.Predictions.Select(p => p.Id), StringComparer.Ordinal)) continue;
            foreach (var (metric, pick) in new (string, Func<McqPrediction, double>)[] { ("acc", p => p.Acc), ("acc_norm", p => p.AccNorm) })
            {
                var a = SegmentStatistics.Mean(metric, baseline.Predictions.Select(pick).ToList());
                var b = SegmentStatistics.Mean(metric, s.Predictions.Select(pick).ToList());
                list.Add((s.System, metric, PairedSignificance.PairedBootstrap(a, b, seed: seed), PairedSignificance.ApproximateRandomization(a, b, seed: seed)));
            }
        }
        return list;
    }
}

/// <summary>
/// What <c>medmlnet eval-mcq</c> does: score a benchmark with the base model (adapter off) and, when an adapter is
/// loaded, with it on, on the same items; write the per-item predictions.
/// </summary>
public static class McqRun
{
    /// <summary>The name of the system without the adapter, and with it.</summary>
    public const string BaseName = "base", TunedName = "fine-tuned";

    /// <summary>Evaluates base (unless <paramref name="baseline"/> is false with an adapter) and fine-tuned.</summary>
    public static McqBenchmark Run(string benchmark, LlamaForCausalLM model, Llama3Tokenizer tokenizer, PeftAdapter? adapter, IReadOnlyList<McqItem> items,
        McqOptions options, bool baseline = true, IProgress<(string System, int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var results = new List<McqResult>();
        var total = items.Count - options.Fewshot;
        try
        {
            if (adapter is null || baseline)
            {
                SetAdapter(model, false);
                results.Add(new McqEvaluator(model, tokenizer).Evaluate(BaseName, items, options, Report(BaseName), ct));
            }
            if (adapter is not null)
            {
                SetAdapter(model, true);
                results.Add(new McqEvaluator(model, tokenizer, adapter.Prefix).Evaluate(TunedName, items, options, Report(TunedName), ct));
            }
        }
        finally { SetAdapter(model, true); }
        return new McqBenchmark(benchmark, results);

        IProgress<int>? Report(string system) => progress is null ? null : new Progress(done => progress.Report((system, done, total)));
    }

    /// <summary>mcq_predictions.jsonl: per item the gold choice and, per system, the log-likelihoods and both predictions.</summary>
    public static void WritePredictions(McqBenchmark result, string path)
    {
        var first = result.Systems[0].Predictions;
        AtomicFile.WriteAllLines(path, first.Select((p, i) => IO.MetricsJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            w.WriteNumber("gold", p.Gold);
            w.WriteStartArray("choices");
            foreach (var c in p.Choices) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartObject("systems");
            foreach (var s in result.Systems)
            {
                var q = s.Predictions[i];
                w.WriteStartObject(s.System);
                w.WriteStartArray("loglikelihoods");
                foreach (var ll in q.LogLikelihoods) w.WriteNumberValue(ll);
                w.WriteEndArray();
                w.WriteNumber("pred", q.Predicted);
                w.WriteNumber("pred_norm", q.PredictedNorm);
                w.WriteNumber("acc", q.Acc);
                w.WriteNumber("acc_norm", q.AccNorm);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        })));
    }

    private static void SetAdapter(LlamaForCausalLM model, bool on)
    {
        foreach (var p in model.Projections()) p.AdapterEnabled = on;
    }

    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
