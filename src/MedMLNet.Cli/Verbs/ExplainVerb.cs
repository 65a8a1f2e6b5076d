using System.CommandLine;
using System.Text.Json.Nodes;
using MedMLNet.IO;
using MedMLNet.Llama.Explain;
using MedMLNet.Llama.Generation;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet explain`: how much each prompt token supports the reply (gradient × input and/or occlusion).</summary>
internal sealed class ExplainVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text: a user message, rendered with the checkpoint's chat template." };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "Prompt as comma-separated token ids (used verbatim)." };
        var reply = new Option<string?>("--reply") { Description = "Reply text to explain (default: the model's greedy reply)." };
        var replyIds = new Option<string?>("--reply-ids") { Description = "Reply as comma-separated token ids." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Length cap of the default greedy reply.", DefaultValueFactory = _ => 64 };
        var method = new Option<string>("--method") { Description = "grad, occlusion or both.", DefaultValueFactory = _ => "grad" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page here." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (tokens, scores per method) instead of the coloured view." };
        var cmd = new Command("explain", "Score how much each input token supports the reply.\n\nExamples:\n  medmlnet explain --model DIR --prompt \"头痛发烧怎么办？\" --method both --html explain.html\n  medmlnet explain --model DIR --prompt-ids 5,17,99 --reply-ids 135,68 --json")
            { prompt, promptIds, reply, replyIds, maxNew, method, html, json };
        model.AddTo(cmd);
        cmd.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(prompt);
            var idsText = parse.GetValue(promptIds);
            if ((text is null) == (idsText is null)) throw new CliUserException("give exactly one of --prompt or --prompt-ids.");
            if (parse.GetValue(reply) != null && parse.GetValue(replyIds) != null) throw new CliUserException("give at most one of --reply or --reply-ids.");
            var methods = parse.GetValue(method) switch
            {
                "grad" => new[] { AttributionMethod.GradientTimesInput },
                "occlusion" => [AttributionMethod.Occlusion],
                "both" => [AttributionMethod.GradientTimesInput, AttributionMethod.Occlusion],
                var m => throw new CliUserException($"--method '{m}' is not known; use grad, occlusion or both."),
            };
            using var loaded = model.Load(parse);
            if (loaded.Prefix != null) throw new CliUserException("explain does not support prefix-tuning adapters yet; merge or use a LoRA adapter.");
            var needsTokenizer = text != null || parse.GetValue(reply) != null;
            var tokenizer = needsTokenizer ? PromptTokenizer.Load(parse.GetValue(model.Model)!) : null;
            var ids = text != null ? tokenizer!.EncodeUserPrompt(text) : ModelOptions.ParseIds(idsText!, "--prompt-ids");
            var stops = loaded.Model.GenerationConfig.EosTokenIds;
            int[] answer;
            if (parse.GetValue(replyIds) is { } r) answer = ModelOptions.ParseIds(r, "--reply-ids");
            else if (parse.GetValue(reply) is { } rt) answer = tokenizer!.Tokenizer.Encode(rt);
            else
            {
                var generated = new LlamaGenerator(loaded.Model).Generate([ids], new GenerationOptions { MaxNewTokens = parse.GetValue(maxNew) }, ct)[0].Ids;
                answer = generated.Length > 0 && stops.Contains(generated[^1]) ? generated[..^1] : generated;
            }
            if (answer.Length == 0) throw new CliUserException("the reply is empty; give --reply or --reply-ids.");
            var results = methods.Select(m => InputAttribution.Explain(loaded.Model, ids, answer, m, ct)).ToList();
            string TokenText(int id) => tokenizer?.Tokenizer.Decode([id]) ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var tokens = ids.Select(TokenText).ToArray();
            var replyText = tokenizer?.Tokenizer.Decode(answer, skipSpecialTokens: true) ?? string.Join(",", answer);
            if (parse.GetValue(html) is { } path) AtomicFile.WriteAllText(path, AttributionView.Html(tokens, results, replyText));
            if (parse.GetValue(json)) Console.WriteLine(ToJson(ids, tokens, answer, replyText, results).ToJsonString());
            else
            {
                AnsiConsole.MarkupLine($"[bold]Reply:[/] {Markup.Escape(replyText)}");
                foreach (var res in results)
                    AnsiConsole.MarkupLine($"[bold]{res.Method}[/] (log p = {res.ReplyLogLikelihood:F3}): {AttributionView.Markup(tokens, res.Scores)}");
            }
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static JsonObject ToJson(int[] ids, string[] tokens, int[] reply, string replyText, List<AttributionResult> results)
    {
        var o = new JsonObject
        {
            ["prompt_ids"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()),
            ["prompt_tokens"] = new JsonArray(tokens.Select(t => (JsonNode)t).ToArray()),
            ["reply_ids"] = new JsonArray(reply.Select(i => (JsonNode)i).ToArray()),
            ["reply"] = replyText,
        };
        foreach (var r in results)
            o[r.Method == AttributionMethod.GradientTimesInput ? "grad_x_input" : "occlusion"] = new JsonObject
            {
                ["reply_logprob"] = r.ReplyLogLikelihood,
                ["scores"] = new JsonArray(r.Scores.Select(s => (JsonNode)s).ToArray()),
            };
        return o;
    }
}
