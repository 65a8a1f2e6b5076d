using System.CommandLine;
using System.Diagnostics;
using MedMLNet.Catalogs;
using MedMLNet.Cli.Demo;
using MedMLNet.Cli.Evaluation;
using MedMLNet.Evaluation.Models;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using Microsoft.ML;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet demo`: the whole workflow on the bundled data and default model — prepare (clean, redact, split), evaluate
/// the base model, LoRA-fine-tune it through the ML.NET trainer (r 8, α 32, dropout 0.1), evaluate again on the
/// held-out test split, save the ML.NET model zip, load it back and answer held-out questions in English and Chinese.
/// </summary>
internal sealed class DemoVerb : ICliVerb
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Base checkpoint.", DefaultValueFactory = _ => BundledData.Resolve(BundledData.DefaultModel), CustomParser = r => BundledData.Resolve(r.Tokens.Single().Value) };
        var dataRoot = new Option<string>("--data-root") { Description = "Folder with the bundled datasets.", DefaultValueFactory = _ => BundledData.Resolve(BundledData.Folder), CustomParser = r => BundledData.Resolve(r.Tokens.Single().Value) };
        var output = new Option<string>("--output") { Description = "Run folder.", DefaultValueFactory = _ => "runs/demo" };
        var epochs = new Option<int>("--epochs") { Description = "LoRA epochs over the training split.", DefaultValueFactory = _ => 1 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Stop LoRA after N steps (0 = the epochs)." };
        var lr = new Option<double>("--lr") { Description = "LoRA peak learning rate (a 5M-parameter model takes a larger one than Llama-8B's 2e-4).", DefaultValueFactory = _ => 2e-3 };
        var limit = new Option<int>("--limit") { Description = "Evaluate on the first N test records (0 = all)." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Longest generated answer.", DefaultValueFactory = _ => 48 };
        var cmd = new Command("demo", "Prepare → evaluate → LoRA fine-tune → evaluate → save/load the ML.NET model → chat, on the bundled data (minutes on 2 cores).\n\n" +
            "Example:\n  medmlnet demo            # writes runs/demo/report.html, runs/demo/triage.zip, runs/demo/adapter/")
            { model, dataRoot, output, epochs, maxSteps, lr, limit, maxNew };
        cmd.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(dataRoot)!, parse.GetValue(output)!, parse.GetValue(epochs),
            parse.GetValue(maxSteps), parse.GetValue(lr), parse.GetValue(limit), parse.GetValue(maxNew), ct)));
        return cmd;
    }

    private static int Run(string modelDir, string dataRoot, string outDir, int epochs, int maxSteps, double lr, int limit, int maxNew, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(Path.Combine(modelDir, "config.json"))) throw new CliUserException($"default model '{modelDir}' not found; run the demo from the repository root or pass --model.");
        var dataDir = Path.Combine(outDir, "data");
        AnsiConsole.MarkupLine("[bold]MedMLNet demo[/] — a demonstration model on public data; [yellow]not medical advice[/].");
        var prepared = DemoData.Prepare(dataRoot, dataDir, ct);
        foreach (var (name, r) in prepared)
            AnsiConsole.MarkupLine($"prepared [blue]{name}[/]: {r.Cleaning.RecordsOut} records, splits {r.Splits["train"]}/{r.Splits["validation"]}/{r.Splits["test"]}, redactions {r.RedactionsByType.Values.Sum()}");
        var test = EvalRecord.ReadJsonl(Path.Combine(dataDir, "test.jsonl"), limit);

        var ml = new MLContext(seed: 1);
        var curves = new DemoReport();
        var options = new LlamaLoraOptions
        {
            ModelPath = modelDir, Rank = 8, Alpha = 32, Dropout = 0.1,
            Training = new TrainingOptions { Method = FineTuneMethod.Lora, Epochs = epochs, MaxSteps = maxSteps, LearningRate = lr, BatchSize = 8, SequenceLength = 256, EvalEvery = 25, Seed = 1 },
            ValidationSet = ml.Llama.LoadChatRecords(Path.Combine(dataDir, "validation.jsonl"), holdOutReference: false),
            Chat = new LlamaChatOptions { MaxNewTokens = maxNew, RepetitionPenalty = 1.2 },
            CancellationToken = ct,
        };
        var suite = MetricSuites.Open(null, installIfMissing: true, Console.Error);
        using var baseModel = LlamaForCausalLM.FromPretrained(modelDir);
        var tokenizer = Llama3Tokenizer.FromPretrained(modelDir);
        var evalOptions = new ModelEvaluationOptions { MaxNewTokens = maxNew, BatchSize = 8, RepetitionPenalty = 1.2 };
        LlamaChatTransformer tuned = null!;
        EvaluationRun run = null!;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ui =>
        {
            var baseRun = new EvaluationRun(baseModel, tokenizer, null, suite, evalOptions);
            var baseResult = baseRun.Evaluate(EvaluationRun.BaseName, test, on: false, ui, ct);
            var task = ui.AddTask("LoRA fine-tuning (r 8, α 32, dropout 0.1)", maxValue: 1);
            var trainer = ml.Llama.LoraTrainer(options with
            {
                Progress = new SyncProgress<TrainingProgress>(p =>
                {
                    curves.Add(p);
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    task.Description = $"LoRA step {p.Step}/{p.TotalSteps} loss {p.Loss:F3}" + (p.ValidationLoss is double v ? $" val {v:F3}" : "");
                }),
            });
            tuned = trainer.Fit(ml.Llama.LoadChatRecords(Path.Combine(dataDir, "train.jsonl"), holdOutReference: false));
            tuned.SaveAdapter(Path.Combine(outDir, "adapter"));
            using var adapter = PeftAdapter.Apply(baseModel, Path.Combine(outDir, "adapter"));
            run = new EvaluationRun(baseModel, tokenizer, adapter, suite, evalOptions);
            run.Results.Add(baseResult);
            run.Results.Add(run.Evaluate(EvaluationRun.TunedName, test, on: true, ui, ct));
        });
        var report = run.Write(outDir, "MedMLNet demo: tiny-med-llama3, base vs LoRA fine-tuned (held-out test split)",
            r => curves.AddTo(r, $"LoRA r 8, α 32, dropout 0.1 on all seven projections; {options.Training.Epochs} epoch(s), peak lr {lr}, batch 8, 256 tokens."));
        SummaryTable.Print(report, outDir);

        var zip = Path.Combine(outDir, "triage.zip");
        var schema = ml.Llama.LoadChatRecords(Path.Combine(dataDir, "test.jsonl"), holdOutReference: true).Schema;
        ml.Model.SaveAtomic(tuned, schema, zip);
        tuned.Dispose();
        var loaded = ml.Model.LoadChecked(zip, out _);
        var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(loaded);
        AnsiConsole.MarkupLine($"saved and reloaded the ML.NET model [link]{Markup.Escape(zip)}[/]; held-out questions:");
        foreach (var record in test.Where(r => r.Lang == "en").Take(2).Concat(test.Where(r => r.Lang == "zh").Take(2)))
        {
            var request = ChatRequest.FromTurns("", [.. record.Prompt.Select(m => (m.Role, m.Content))]);
            var reply = engine.Predict(request);
            AnsiConsole.MarkupLine($"[blue]Q:[/] {Markup.Escape(Shorten(record.Question, 160))}");
            AnsiConsole.MarkupLine($"[green]A:[/] {Markup.Escape(reply.Reply)} [grey]({reply.CompletionTokens} tokens, {reply.FinishReason})[/]");
        }
        (loaded as IDisposable)?.Dispose();
        AnsiConsole.MarkupLine($"done in {clock.Elapsed.TotalMinutes:F1} min. Chat with it: [bold]medmlnet chat --model {Markup.Escape(modelDir)} --adapter {Markup.Escape(Path.Combine(outDir, "adapter"))}[/]");
        return 0;
    }

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
