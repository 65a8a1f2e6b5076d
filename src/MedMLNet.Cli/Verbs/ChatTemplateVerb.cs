using System.CommandLine;
using System.Text.Json;
using MedMLNet.Llama.Tokenization;
using static MedMLNet.Cli.Verbs.TokenizerVerbSupport;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet chat-template --tokenizer PATH --input CONVERSATIONS.jsonl --output OUT.jsonl`: each input line
/// {"messages": [{"role","content"}...], "add_generation_prompt": true|false} becomes {"text": ..., "ids": [...]}
/// (ids start with BOS; message content is never parsed into control tokens).
/// </summary>
internal sealed class ChatTemplateVerb : ICliVerb
{
    public Command Build()
    {
        var tokenizer = TokenizerOption();
        var input = InputOption("JSONL, one {\"messages\": [{\"role\", \"content\"}...], \"add_generation_prompt\": true|false} a line.");
        var output = OutputOption("JSONL to write, one {\"text\": ..., \"ids\": [...]} a line, in input order.");
        var date = new Option<string?>("--date-string") { Description = "Llama 3.1+ only: the \"Today Date\" of the system block (e.g. \"26 Jul 2024\"); default: what the checkpoint's template uses." };
        var cmd = new Command("chat-template", "Render conversations with the checkpoint's Llama 3 / 3.1 Instruct chat template, as text and injection-safe ids.\n" +
            "Example: medmlnet chat-template --tokenizer models/Llama-3.2-1B-Instruct --input chats.jsonl --output prompts.jsonl")
            { tokenizer, input, output, date };
        cmd.SetAction(parse =>
        {
            var template = new ChatTemplate(Llama3Tokenizer.FromPretrained(parse.GetValue(tokenizer)!), dateString: parse.GetValue(date));
            var inPath = parse.GetValue(input)!;
            var prompts = ReadJsonl(inPath).Select(r => template.Apply(Messages(r.Record, inPath, r.Line), GenerationPrompt(r.Record, inPath, r.Line)));
            var n = WriteJsonl(parse.GetValue(output)!, prompts, (w, p) =>
            {
                w.WriteStartObject();
                w.WriteString("text", p.Text);
                WriteIds(w, "ids", p.Ids);
                w.WriteEndObject();
            });
            Console.Error.WriteLine($"chat-template: {n} conversations ({template.Style}) -> {parse.GetValue(output)}");
            return 0;
        });
        return cmd;
    }

    private const string Shape = "{\"messages\": [{\"role\": \"user\", \"content\": \"...\"}], \"add_generation_prompt\": true}";

    private static List<ChatMessage> Messages(JsonElement record, string path, int line)
    {
        if (!record.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path} line {line}: expected {Shape} (\"messages\" must be an array).");
        return [.. messages.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Object
            ? new ChatMessage(RequireString(m, "role", path, line, Shape), RequireString(m, "content", path, line, Shape))
            : throw new InvalidDataException($"{path} line {line}: every message must be an object {{\"role\", \"content\"}}."))];
    }

    private static bool GenerationPrompt(JsonElement record, string path, int line) =>
        !record.TryGetProperty("add_generation_prompt", out var g) ? false
        : g.ValueKind is JsonValueKind.True or JsonValueKind.False ? g.GetBoolean()
        : throw new InvalidDataException($"{path} line {line}: \"add_generation_prompt\" must be true or false.");
}
