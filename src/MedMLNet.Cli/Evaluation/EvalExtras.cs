using System.CommandLine;
using MedMLNet.Assistant;
using MedMLNet.Evaluation.Mcq;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Evaluation.Safety;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Evaluation;

/// <summary>`eval`'s optional multiple-choice benchmark (--mcq FILE --mcq-format F) and safety suite (--safety), shown in its report.</summary>
internal sealed class EvalExtras
{
    private readonly Option<string?> mcq = new("--mcq") { Description = "Also score a multiple-choice benchmark file (as eval-mcq) for base and fine-tuned." };
    private readonly Option<string?> mcqFormat = new("--mcq-format") { Description = "Its format: medqa|medmcqa|pubmedqa|mmlu." };
    private readonly Option<int> mcqLimit = new("--mcq-limit") { Description = "Score only its first N items (0 = all)." };
    private readonly Option<int> mcqFewshot = new("--mcq-fewshot") { Description = "Few-shot examples for it." };
    private readonly Option<bool> safety = new("--safety") { Description = "Also run the bundled safety suite (as eval-safety) on the model as given (with the adapter)." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { mcq, mcqFormat, mcqLimit, mcqFewshot, safety }) cmd.Add(o);
    }

    public (McqBenchmark? Mcq, SafetyReport? Safety) Run(ParseResult parse, LoadedModel loaded, Llama3Tokenizer tokenizer, bool baseline, CancellationToken ct)
    {
        McqBenchmark? benchmark = null;
        if (parse.GetValue(mcq) is { } file)
        {
            var format = parse.GetValue(mcqFormat) ?? throw new CliUserException("--mcq needs --mcq-format medqa|medmcqa|pubmedqa|mmlu.");
            var options = new McqOptions { Fewshot = parse.GetValue(mcqFewshot) };
            var limit = parse.GetValue(mcqLimit);
            var items = McqReader.Read(file, McqReader.ParseFormat(format), limit > 0 ? limit + options.Fewshot : 0);
            benchmark = McqRun.Run($"{format.ToLowerInvariant()}: {Path.GetFileName(file)}", loaded.Model, tokenizer, loaded.Adapter, items, options, baseline, null, ct);
        }
        SafetyReport? report = null;
        if (parse.GetValue(safety))
        {
            using var chat = new ChatModel(loaded.Model, tokenizer, loaded.Prefix);
            var system = loaded.Adapter is null ? McqRun.BaseName : McqRun.TunedName;
            report = SafetySuite.RunAsync(system, chat, SafetyCases.Bundled(), null, null, null, ct).GetAwaiter().GetResult();
        }
        return (benchmark, report);
    }

    /// <summary>Puts the results in the report and writes their per-item files beside it.</summary>
    public static void AddTo(EvaluationReport report, McqBenchmark? benchmark, SafetyReport? safety, string dir)
    {
        if (benchmark is not null)
        {
            report.AddMcq(benchmark);
            Directory.CreateDirectory(dir);
            McqRun.WritePredictions(benchmark, Path.Combine(dir, "mcq_predictions.jsonl"));
        }
        if (safety is not null)
        {
            report.Safety = safety;
            safety.WriteTo(dir);
        }
    }
}
