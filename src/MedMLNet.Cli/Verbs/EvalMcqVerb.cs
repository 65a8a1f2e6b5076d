using System.CommandLine;
using System.Globalization;
using MedMLNet.Cli.Evaluation;
using MedMLNet.Evaluation.Mcq;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Llama.Tokenization;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet eval-mcq --model DIR [--adapter DIR] --data FILE --format medqa|medmcqa|pubmedqa|mmlu [--limit N]
/// [--fewshot K] [--output DIR]`: acc and acc_norm as lm-evaluation-harness scores them, base vs fine-tuned.
/// </summary>
internal sealed class EvalMcqVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var data = new Option<string>("--data") { Description = "Benchmark file: MedQA JSONL, MedMCQA JSON lines, PubMedQA ori_pqal.json or an MMLU CSV.", Required = true };
        var format = new Option<string>("--format") { Description = "medqa|medmcqa|pubmedqa|mmlu.", Required = true };
        var limit = new Option<int>("--limit") { Description = "Score only the first N items (after the few-shot examples; 0 = all)." };
        var fewshot = new Option<int>("--fewshot") { Description = "Use the file's first K items as worked examples before every prompt." };
        var addBos = new Option<bool>("--add-bos") { Description = "Start each sequence with <|begin_of_text|> (lm-eval's add_bos_token)." };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "With --adapter: score only the fine-tuned model." };
        var output = new Option<string?>("--output") { Description = "Folder for mcq_predictions.jsonl, metrics.json and report.html." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var cmd = new Command("eval-mcq", "Multiple-choice accuracy (acc, acc_norm) as lm-evaluation-harness scores it, base vs fine-tuned.\n\nExamples:\n" +
            "  medmlnet eval-mcq --model data/models/tiny-med-llama3 --data data/pubmedqa/ori_pqal-sample.json --format pubmedqa --output runs/mcq\n" +
            "  medmlnet eval-mcq --model Llama-3.1-8B --adapter runs/lora --data medqa_test.jsonl --format medqa --fewshot 5 --limit 200")
            { data, format, limit, fewshot, addBos, noBaseline, output, json };
        model.AddTo(cmd);
        cmd.SetAction((parse, ct) =>
        {
            var options = new McqOptions { Fewshot = parse.GetValue(fewshot), AddBos = parse.GetValue(addBos) };
            var limitN = parse.GetValue(limit);
            if (limitN < 0 || options.Fewshot < 0) throw new CliUserException("--limit and --fewshot must be 0 or more.");
            var items = McqReader.Read(parse.GetValue(data)!, McqReader.ParseFormat(parse.GetValue(format)!), limitN > 0 ? limitN + options.Fewshot : 0);
            using var loaded = model.Load(parse);
            var tokenizer = Llama3Tokenizer.FromPretrained(parse.GetValue(model.Model)!);
            var name = $"{parse.GetValue(format)!.ToLowerInvariant()}: {Path.GetFileName(parse.GetValue(data)!)}";
            McqBenchmark result = null!;
            AnsiConsole.Progress().Start(ui =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = McqRun.Run(name, loaded.Model, tokenizer, loaded.Adapter, items, options, !parse.GetValue(noBaseline), new SyncProgress<(string System, int Done, int Total)>(p =>
                {
                    if (!tasks.TryGetValue(p.System, out var t)) tasks[p.System] = t = ui.AddTask($"score {p.System}", maxValue: p.Total);
                    t.Value = p.Done;
                }), ct);
            });
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                McqRun.WritePredictions(result, Path.Combine(dir, "mcq_predictions.jsonl"));
                new EvaluationReport($"MedMLNet multiple choice — {name}").AddMcq(result).WriteTo(dir);
            }
            Print(result, parse.GetValue(json), parse.GetValue(output));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static void Print(McqBenchmark result, bool json, string? dir)
    {
        string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        if (json)
        {
            var systems = new System.Text.Json.Nodes.JsonObject();
            foreach (var s in result.Systems)
                systems[s.System] = new System.Text.Json.Nodes.JsonObject
                {
                    ["items"] = s.Predictions.Count, ["acc"] = s.Acc.Estimate, ["acc_lower"] = s.Acc.Lower, ["acc_upper"] = s.Acc.Upper,
                    ["acc_norm"] = s.AccNorm.Estimate, ["acc_norm_lower"] = s.AccNorm.Lower, ["acc_norm_upper"] = s.AccNorm.Upper,
                };
            Console.WriteLine(new System.Text.Json.Nodes.JsonObject { ["benchmark"] = result.Benchmark, ["systems"] = systems }.ToJsonString());
            return;
        }
        var table = new Table().AddColumn("system").AddColumn("items").AddColumn("acc [95% CI]").AddColumn("acc_norm [95% CI]");
        foreach (var s in result.Systems)
            table.AddRow(Markup.Escape(s.System), s.Predictions.Count.ToString(CultureInfo.InvariantCulture),
                $"{F(s.Acc.Estimate)} [{F(s.Acc.Lower)}, {F(s.Acc.Upper)}]", $"{F(s.AccNorm.Estimate)} [{F(s.AccNorm.Lower)}, {F(s.AccNorm.Upper)}]");
        AnsiConsole.Write(table);
        if (dir is not null) AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(Path.Combine(dir, "report.html"))}[/]");
    }
}
