using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Models;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Evaluation.Review;
using MedMLNet.Evaluation.Robustness;
using MedMLNet.IO;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using Spectre.Console;

namespace MedMLNet.Cli.Evaluation;

/// <summary>
/// What `eval` and `demo` share: evaluate the base model (adapter off) and, with an adapter, the tuned one on the same
/// records; optional robustness runs; then predictions.jsonl, metrics.json, report.html and the review pack.
/// </summary>
internal sealed class EvaluationRun(LlamaForCausalLM model, Llama3Tokenizer tokenizer, PeftAdapter? adapter, MetricSuite suite, ModelEvaluationOptions options)
{
    public const string BaseName = "base", TunedName = "fine-tuned";

    public List<ModelEvaluationResult> Results { get; } = [];

    public List<(string System, RobustnessResult Result)> Robustness { get; } = [];

    /// <summary>Evaluates base (and tuned when an adapter is loaded, unless <paramref name="baseline"/> is false).</summary>
    public void Run(IReadOnlyList<EvalRecord> records, bool baseline, bool robustness, ProgressContext? ui, CancellationToken ct)
    {
        if (adapter is null || baseline) Results.Add(Evaluate(BaseName, records, on: false, ui, ct));
        if (adapter is not null) Results.Add(Evaluate(TunedName, records, on: true, ui, ct));
        if (!robustness) return;
        var perturber = new TextPerturber();
        foreach (var kind in TextPerturber.All)
        {
            var perturbed = records.Select(r => r with { Prompt = r.Prompt.Select(m => m.Role == ChatRoles.User ? m with { Content = perturber.Apply(m.Content, kind) } : m).ToList() }).ToList();
            foreach (var clean in Results)
            {
                var noisy = Evaluate($"{clean.System.Name} ({kind})", perturbed, on: clean.System.Name == TunedName, ui, ct);
                Robustness.Add((clean.System.Name, new RobustnessResult(kind, clean.System.Summary, noisy.System.Summary)));
            }
        }
    }

    public ModelEvaluationResult Evaluate(string name, IReadOnlyList<EvalRecord> records, bool on, ProgressContext? ui, CancellationToken ct)
    {
        SetAdapter(on);
        try
        {
            var task = ui?.AddTask($"evaluate {name}", maxValue: records.Count);
            var progress = task is null ? null : new SyncProgress<ModelEvaluationProgress>(p =>
            {
                task.Description = $"evaluate {name}: {p.Stage}";
                task.Value = p.Stage == "generate" ? p.Done / 2.0 : records.Count / 2.0 + p.Done / 2.0;
            });
            var result = new ModelEvaluator(model, tokenizer, on ? adapter?.Prefix : null).Evaluate(name, records, suite, options, progress, ct);
            if (task is not null) task.Value = task.MaxValue;
            return result;
        }
        finally { SetAdapter(true); }
    }

    private void SetAdapter(bool on)
    {
        foreach (var p in model.Projections()) p.AdapterEnabled = on;
    }

    /// <summary>Writes predictions.jsonl, metrics.json, report.html and review/ into <paramref name="dir"/>; returns the report.</summary>
    public EvaluationReport Write(string dir, string title, Action<EvaluationReport>? extra = null)
    {
        Directory.CreateDirectory(dir);
        var report = new EvaluationReport(title);
        foreach (var r in Results) report.Add(r.System);
        foreach (var (system, result) in Robustness) report.AddRobustness(system, result);
        extra?.Invoke(report);
        report.WriteTo(dir);
        AtomicFile.WriteAllLines(Path.Combine(dir, "predictions.jsonl"), PredictionsJsonl.Lines(Results));
        var first = Results[0].Predictions;
        var items = first.Select((p, i) => new ReviewItem(p.Id, p.Question, p.Reference,
            Results.ToDictionary(r => r.System.Name, r => r.Predictions[i].Answer))).ToList();
        ReviewPackExporter.Export(items, Path.Combine(dir, "review"), options.Seed, title + " — doctor review");
        return report;
    }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
