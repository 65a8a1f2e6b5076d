using System.CommandLine;
using MedMLNet.Data;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet redact --input IN.jsonl --output OUT.jsonl [--strict]`: {"text"} lines → {"text", "redactions":[{"type","start","end"}]}.</summary>
internal sealed class RedactVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "JSONL with a \"text\" field a line.", Required = true };
        var output = new Option<string>("--output") { Description = "Redacted JSONL (offsets refer to the input text).", Required = true };
        var strict = new Option<bool>("--strict") { Description = "Fail on the first malformed line instead of skipping it." };
        var cmd = new Command("redact", "Replace PHI (names, phones, e-mails, URLs, IPs, addresses, dates, ages > 89, ids, MRNs) in JSONL text with [TYPE] placeholders.\n\nExample:\n  medmlnet redact --input notes.jsonl --output notes.redacted.jsonl")
            { input, output, strict };
        cmd.SetAction((parse, ct) =>
        {
            var report = JsonlRedaction.Run(parse.GetValue(input)!, parse.GetValue(output)!, null, parse.GetValue(strict), ct);
            Console.WriteLine(DataSummary.Redact(report, parse.GetValue(output)!));
            return Task.FromResult(0);
        });
        return cmd;
    }
}
