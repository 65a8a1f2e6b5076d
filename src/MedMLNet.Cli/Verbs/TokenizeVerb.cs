using System.CommandLine;
using MedMLNet.Llama.Tokenization;
using static MedMLNet.Cli.Verbs.TokenizerVerbSupport;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet tokenize --tokenizer PATH --input TEXTS.jsonl --output IDS.jsonl`: each input line {"text": ...} becomes
/// an output line {"ids": [...]} in the same order (blank lines skipped); no BOS; special-token text is plain text.
/// </summary>
internal sealed class TokenizeVerb : ICliVerb
{
    public Command Build()
    {
        var tokenizer = TokenizerOption();
        var input = InputOption("JSONL, one {\"text\": ...} a line.");
        var output = OutputOption("JSONL to write, one {\"ids\": [...]} a line, in input order.");
        var cmd = new Command("tokenize", "Encode texts with a Llama 3 tokenizer (plain text: no BOS, \"<|eot_id|>\" stays text).\n" +
            "Example: medmlnet tokenize --tokenizer models/Llama-3.2-1B-Instruct --input texts.jsonl --output ids.jsonl")
            { tokenizer, input, output };
        cmd.SetAction(parse =>
        {
            var tok = Llama3Tokenizer.FromPretrained(parse.GetValue(tokenizer)!);
            var inPath = parse.GetValue(input)!;
            long tokens = 0;
            var records = ReadJsonl(inPath).Select(r =>
            {
                var ids = tok.Encode(RequireString(r.Record, "text", inPath, r.Line, "{\"text\": \"...\"}"));
                tokens += ids.Length;
                return ids;
            });
            var n = WriteJsonl(parse.GetValue(output)!, records, (w, ids) => { w.WriteStartObject(); WriteIds(w, "ids", ids); w.WriteEndObject(); });
            Console.Error.WriteLine($"tokenize: {n} texts, {tokens} tokens -> {parse.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
