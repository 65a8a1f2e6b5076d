using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MedMLNet.Cli.Evaluation;
using MedMLNet.Evaluation.Models;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Llama.Tokenization;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet eval --model DIR [--adapter DIR] --data TEST.jsonl --output DIR`: greedy answers for the test records,
/// BLEU/ROUGE/METEOR (per item and corpus, bootstrap CIs), perplexity of the references, multiple-choice accuracy,
/// base vs fine-tuned side by side when an adapter is given, optional robustness runs; writes predictions.jsonl,
/// metrics.json, report.html and the doctor review pack (review/).
/// </summary>
internal sealed class EvalVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var data = new Option<string>("--data") { Description = "Test JSONL: {\"messages\": [...]} records (from `medmlnet prepare`); the last assistant message is the reference.", Required = true };
        var output = new Option<string>("--output") { Description = "Folder for predictions.jsonl, metrics.json, report.html and review/.", Required = true };
        var maxNew = new Option<int>("--max-new-tokens") { DefaultValueFactory = _ => 64, Description = "Longest generated answer." };
        var limit = new Option<int>("--limit") { Description = "Evaluate only the first N records (0 = all)." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 8 };
        var penalty = new Option<double>("--repetition-penalty") { DefaultValueFactory = _ => 1.0, Description = "transformers' repetition penalty for the greedy answers (1 = off)." };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "With --adapter: evaluate only the fine-tuned model, not the base beside it." };
        var robustness = new Option<bool>("--robustness") { Description = "Also evaluate with perturbed questions (typos, casing, punctuation, full-width, whitespace, mixed zh/en) and report each metric's drop." };
        var wordnet = EvalOptions.WordNet();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var extras = new EvalExtras();
        var cmd = new Command("eval", "Evaluate a model (and a fine-tuned adapter beside its base) on a test split.\n\nExamples:\n" +
            "  medmlnet eval --model data/models/tiny-med-llama3 --adapter runs/demo/adapter --data runs/demo/data/test.jsonl --output runs/eval\n" +
            "  medmlnet eval --model Llama-3.2-1B-Instruct --data test.jsonl --limit 50 --robustness --output runs/eval-1b")
            { data, output, maxNew, limit, batch, penalty, noBaseline, robustness, wordnet, json };
        model.AddTo(cmd);
        extras.AddTo(cmd);
        cmd.SetAction((parse, ct) =>
        {
            var records = EvalRecord.ReadJsonl(parse.GetValue(data)!, parse.GetValue(limit));
            using var loaded = model.Load(parse);
            var tokenizer = Llama3Tokenizer.FromPretrained(parse.GetValue(model.Model)!);
            var suite = MetricSuites.Open(parse.GetValue(wordnet), installIfMissing: false, Console.Error);
            var options = new ModelEvaluationOptions { MaxNewTokens = parse.GetValue(maxNew), BatchSize = parse.GetValue(batch), RepetitionPenalty = parse.GetValue(penalty) };
            var run = new EvaluationRun(loaded.Model, tokenizer, loaded.Adapter, suite, options);
            AnsiConsole.Progress().Start(ui => run.Run(records, !parse.GetValue(noBaseline), parse.GetValue(robustness), ui, ct));
            var outDir = parse.GetValue(output)!;
            var (mcq, safety) = extras.Run(parse, loaded, tokenizer, !parse.GetValue(noBaseline), ct);
            var report = run.Write(outDir, $"MedMLNet evaluation — {Path.GetFileName(Path.GetFullPath(parse.GetValue(data)!))}", r => EvalExtras.AddTo(r, mcq, safety, outDir));
            if (parse.GetValue(json)) Console.WriteLine(Summary(report).ToJsonString());
            else SummaryTable.Print(report, outDir);
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static JsonObject Summary(EvaluationReport report)
    {
        var systems = new JsonObject();
        foreach (var s in report.Systems)
        {
            var o = new JsonObject { ["items"] = s.Summary.Count, ["bleu"] = s.Summary.MeanBleu, ["rougeL"] = s.Summary.RougeL.F };
            if (s.Summary.Meteor is { } m) o["meteor"] = m;
            foreach (var (k, v) in s.Extra) o[k] = double.IsFinite(v) ? v : null;
            systems[s.Name] = o;
        }
        var result = new JsonObject { ["systems"] = systems };
        foreach (var b in report.Mcq)
            result["mcq"] = new JsonObject { ["benchmark"] = b.Benchmark, ["acc"] = new JsonObject(b.Systems.Select(x => KeyValuePair.Create(x.System, (JsonNode?)x.Acc.Estimate))) };
        if (report.Safety is { } safety) result["safety"] = new JsonObject { ["passed"] = safety.Passed, ["cases"] = safety.Cases.Count, ["failures"] = safety.Failures };
        return result;
    }
}

/// <summary>The terminal table of base vs fine-tuned numbers.</summary>
internal static class SummaryTable
{
    public static void Print(EvaluationReport report, string outDir)
    {
        var table = new Table().AddColumn("system").AddColumn("items").AddColumn("BLEU").AddColumn("ROUGE-L F").AddColumn("METEOR").AddColumn("perplexity");
        foreach (var s in report.Systems)
            table.AddRow(Markup.Escape(s.Name), s.Summary.Count.ToString(CultureInfo.InvariantCulture), F(s.Summary.MeanBleu, "0.00"), F(s.Summary.RougeL.F),
                s.Summary.Meteor is { } m ? F(m) : "–", F(s.Extra.GetValueOrDefault("perplexity", double.NaN), "0.00"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(Path.Combine(outDir, "report.html"))}[/]");
    }

    private static string F(double v, string format = "0.0000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
