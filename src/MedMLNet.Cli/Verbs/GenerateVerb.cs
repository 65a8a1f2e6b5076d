using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Generation;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet generate`: continue a prompt (ids, or text through the checkpoint's tokenizer).</summary>
internal sealed class GenerateVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var promptIds = new Option<string?>("--prompt-ids") { Description = "Prompt as comma-separated token ids (used verbatim)." };
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text: a user message, rendered with the chat template of the checkpoint's tokenizer." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "How many tokens to generate at most.", DefaultValueFactory = _ => 64 };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy (default); otherwise sample.", DefaultValueFactory = _ => 0 };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely tokens (0 = off)." };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling probability mass (1 = off).", DefaultValueFactory = _ => 1.0 };
        var penalty = new Option<double>("--repetition-penalty") { Description = "transformers' repetition penalty (1 = off).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<long>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 0 };
        var noCache = new Option<bool>("--no-cache") { Description = "Recompute the whole sequence each step instead of using the KV cache." };
        var logprobs = new Option<int>("--logprobs") { Description = "Also print the top-K alternatives with log-probabilities per token." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: ids (new only), text, finish_reason, logprobs." };
        var cmd = new Command("generate", "Generate a continuation.\n\nExamples:\n  medmlnet generate --model DIR --prompt-ids 128000,9906 --max-new-tokens 16 --json\n  medmlnet generate --model DIR --prompt \"头痛发烧怎么办？\" --max-new-tokens 64")
            { promptIds, prompt, maxNew, temperature, topK, topP, penalty, seed, noCache, logprobs, json };
        model.AddTo(cmd);
        cmd.SetAction((parse, ct) =>
        {
            var idsText = parse.GetValue(promptIds);
            var text = parse.GetValue(prompt);
            if ((idsText is null) == (text is null)) throw new CliUserException("give exactly one of --prompt-ids or --prompt.");
            using var loaded = model.Load(parse);
            var tokenizer = text is null ? null : PromptTokenizer.Load(parse.GetValue(model.Model)!);
            var ids = idsText is not null ? ModelOptions.ParseIds(idsText, "--prompt-ids") : tokenizer!.EncodeUserPrompt(text!);
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew), Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP), RepetitionPenalty = parse.GetValue(penalty), Seed = parse.GetValue(seed),
                UseCache = !parse.GetValue(noCache), TopLogProbs = parse.GetValue(logprobs),
            };
            var result = new LlamaGenerator(loaded.Model, loaded.Prefix).Generate([ids], options, ct)[0];
            var reply = tokenizer?.Decode(result.Ids, loaded.Model.GenerationConfig.EosTokenIds);
            if (parse.GetValue(json)) Console.WriteLine(ToJson(result, reply, options.TopLogProbs > 0, tokenizer is null ? null : id => tokenizer.Tokenizer.Decode([id])).ToJsonString());
            else Console.WriteLine(reply ?? string.Join(",", result.Ids));
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>The JSON contract: ids, text, finish_reason, prompt/completion tokens; with --logprobs also confidence
    /// (mean, geometric mean, min) and per token id/logprob/top (each alternative with its text when a tokenizer is known).</summary>
    private static JsonObject ToJson(GenerationResult result, string? text, bool withLogprobs, Func<int, string>? tokenText)
    {
        var o = new JsonObject { ["ids"] = new JsonArray(result.Ids.Select(i => (JsonNode)i).ToArray()) };
        if (text != null) o["text"] = text;
        o["finish_reason"] = result.FinishReason.ToString().ToLowerInvariant();
        o["prompt_tokens"] = result.PromptTokens;
        o["completion_tokens"] = result.Tokens.Count;
        if (withLogprobs)
        {
            var confidence = ReplyConfidence.From(result.Tokens);
            o["confidence"] = new JsonObject
            {
                ["mean_logprob"] = confidence.MeanLogProb, ["geometric_mean_prob"] = confidence.GeometricMeanProb,
                ["min_logprob"] = confidence.TokenCount == 0 ? null : confidence.MinLogProb, ["min_index"] = confidence.MinIndex,
            };
            o["logprobs"] = new JsonArray(result.Tokens.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.TokenId, ["logprob"] = t.LogProb, ["text"] = tokenText?.Invoke(t.TokenId),
                ["top"] = new JsonArray(t.TopAlternatives.Select(a => (JsonNode)new JsonObject
                    { ["id"] = a.TokenId, ["logprob"] = a.LogProb, ["text"] = tokenText?.Invoke(a.TokenId) }).ToArray()),
            }).ToArray());
        }
        return o;
    }
}
