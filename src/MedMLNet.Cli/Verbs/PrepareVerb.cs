using System.CommandLine;
using MedMLNet.Data;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet prepare --input PATH [--format auto|medquad|medqa|chatdoctor|pubmedqa|dialogue-csv|jsonl|csv]
/// [--split 0.8,0.1,0.1] [--seed 1] [--redact] [--system-prompt TEXT] [--strict] --output DIR`: writes train.jsonl,
/// validation.jsonl, test.jsonl and report.json.
/// </summary>
internal sealed class PrepareVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Input file, or a folder of MedQuAD XML.", Required = true };
        var format = new Option<string>("--format") { Description = $"Input format: {string.Join("|", DatasetFormats.Names)}.", DefaultValueFactory = _ => "auto" };
        var split = new Option<string>("--split") { Description = "Train,validation,test fractions.", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var seed = new Option<int>("--seed") { Description = "Seed for the split.", DefaultValueFactory = _ => 1 };
        var redact = new Option<bool>("--redact") { Description = "Replace names, phones, e-mails, dates, ids... with [TYPE] placeholders." };
        var systemPrompt = new Option<string?>("--system-prompt") { Description = "System prompt for every record (default: EN/ZH triage assistant)." };
        var strict = new Option<bool>("--strict") { Description = "Fail on the first malformed record instead of skipping it." };
        var columns = new Option<string?>("--columns") { Description = "CSV column mapping, e.g. question=Q,answer=A,delimiter=tab." };
        var output = new Option<string>("--output") { Description = "Output folder.", Required = true };
        var cmd = new Command("prepare", "Read, clean, optionally redact, format as chat and split a medical dataset.\n\nExamples:\n  medmlnet prepare --input data/chatdoctor/chatdoctor5k-sample.json --redact --output runs/chatdoctor\n  medmlnet prepare --input data/chinese-medical-dialogue/neike-sample-gb18030.csv --format dialogue-csv --split 0.8,0.1,0.1 --output runs/zh")
            { input, format, split, seed, redact, systemPrompt, strict, columns, output };
        cmd.SetAction((parse, ct) =>
        {
            var options = new PrepareOptions
            {
                InputPath = parse.GetValue(input)!,
                OutputDirectory = parse.GetValue(output)!,
                Format = DatasetFormats.Parse(parse.GetValue(format)!),
                Split = SplitOptions.Parse(parse.GetValue(split)!, parse.GetValue(seed)),
                Redact = parse.GetValue(redact),
                SystemPrompt = parse.GetValue(systemPrompt),
                Strict = parse.GetValue(strict),
                LogText = parse.GetValue(CliHost.LogTextOption),
                Reader = new ReaderOptions { Columns = parse.GetValue(columns) is { } c ? Data.Readers.ColumnMapping.Parse(c) : null },
            };
            var report = PreparePipeline.Run(options, null, ct);
            Console.WriteLine(DataSummary.Prepare(report, options.OutputDirectory));
            return Task.FromResult(0);
        });
        return cmd;
    }
}
