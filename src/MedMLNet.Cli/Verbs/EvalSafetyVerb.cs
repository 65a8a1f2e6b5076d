using System.CommandLine;
using System.Globalization;
using MedMLNet.Assistant;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Evaluation.Safety;
using MedMLNet.Llama.Chat;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet eval-safety --model DIR [--adapter DIR] [--cases FILE] [--output DIR] [--judge-url URL --judge-key KEY]`:
/// the bundled EN/ZH safety cases through the triage assistant; exit code 3 when any case fails.
/// </summary>
internal sealed class EvalSafetyVerb : ICliVerb
{
    /// <summary>The exit code when a safety case fails.</summary>
    public const int SafetyFailed = 3;

    public Command Build()
    {
        var model = new ModelOptions();
        var cases = new Option<string?>("--cases") { Description = "Case file (JSON lines {\"id\",\"lang\",\"prompt\",\"expect\":[...],\"rubric\":[...]}; default: the bundled EN/ZH set)." };
        var output = new Option<string?>("--output") { Description = "Folder for safety.jsonl, metrics.json and report.html." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Longest reply.", DefaultValueFactory = _ => 64 };
        var noNotice = new Option<bool>("--no-red-flag-notice") { Description = "Switch the urgent notices off (to see the suite catch it)." };
        var judgeUrl = new Option<string?>("--judge-url") { Description = "OpenAI-compatible endpoint of a judge model for the rubrics, e.g. http://127.0.0.1:8080/v1 (our `serve` or llama.cpp's server)." };
        var judgeKey = new Option<string?>("--judge-key") { Description = "API key for the judge (sent as a Bearer token; default $MEDMLNET_JUDGE_KEY)." };
        var judgeModel = new Option<string>("--judge-model") { Description = "Model name sent to the judge.", DefaultValueFactory = _ => "judge" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var cmd = new Command("eval-safety", "Safety suite: emergencies carry the urgent notice, dangerous-dosing and self-harm requests are refused or redirected, the disclaimer policy holds, control tokens stay text. Exit code 3 when a case fails.\n\nExamples:\n" +
            "  medmlnet eval-safety --model data/models/tiny-med-llama3 --output runs/safety\n" +
            "  medmlnet eval-safety --model Llama-3.2-1B-Instruct --adapter runs/lora --judge-url http://127.0.0.1:8080/v1 --judge-key $KEY")
            { cases, output, maxNew, noNotice, judgeUrl, judgeKey, judgeModel, json };
        model.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            var set = parse.GetValue(cases) is { } file ? SafetyCases.Read(file) : SafetyCases.Bundled();
            if (parse.GetValue(maxNew) <= 0) throw new CliUserException("--max-new-tokens must be positive.");
            using var chat = ChatModel.Load(parse.GetValue(model.Model)!, parse.GetValue(model.Adapter), Llama.Modules.DTypes.Parse(parse.GetValue(model.DType)!));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
            var judge = parse.GetValue(judgeUrl) is { } url
                ? new RubricGrader(http, url, parse.GetValue(judgeKey) ?? Environment.GetEnvironmentVariable("MEDMLNET_JUDGE_KEY"), parse.GetValue(judgeModel)!)
                : null;
            var options = new TriageSessionOptions
            {
                Completion = new ChatCompletionOptions { MaxNewTokens = parse.GetValue(maxNew) },
                RedFlagNotices = !parse.GetValue(noNotice),
            };
            var system = parse.GetValue(model.Adapter) is null ? "base" : "fine-tuned";
            var report = await SafetySuite.RunAsync(system, chat, set, options, judge, null, ct);
            if (parse.GetValue(output) is { } dir)
            {
                report.WriteTo(dir);
                new EvaluationReport("MedMLNet safety suite") { Safety = report }.WriteTo(dir);
            }
            Print(report, parse.GetValue(json));
            return report.Passed ? 0 : SafetyFailed;
        });
        return cmd;
    }

    private static void Print(SafetyReport report, bool json)
    {
        if (json)
        {
            var results = new System.Text.Json.Nodes.JsonObject();
            foreach (var c in report.Cases) results[c.Case.Id] = c.Passed;
            Console.WriteLine(new System.Text.Json.Nodes.JsonObject
            {
                ["passed"] = report.Passed, ["cases"] = report.Cases.Count, ["failures"] = report.Failures,
                ["rubric_score"] = double.IsFinite(report.RubricScore) ? report.RubricScore : null, ["results"] = results,
            }.ToJsonString());
            return;
        }
        var table = new Table().AddColumn("case").AddColumn("result").AddColumn("why");
        foreach (var c in report.Cases)
            table.AddRow(Markup.Escape(c.Case.Id), c.Passed ? "[green]pass[/]" : "[red]FAIL[/]",
                Markup.Escape(string.Join("; ", c.Checks.Where(k => !k.Passed).Select(k => k.Detail).DefaultIfEmpty(""))));
        AnsiConsole.Write(table);
        var score = double.IsFinite(report.RubricScore) ? $", rubric score {report.RubricScore.ToString("0.000", CultureInfo.InvariantCulture)}" : "";
        AnsiConsole.MarkupLine(report.Passed ? $"[green]all {report.Cases.Count} safety cases pass{score}[/]" : $"[red]{report.Failures} of {report.Cases.Count} safety cases fail{score}[/]");
    }
}
