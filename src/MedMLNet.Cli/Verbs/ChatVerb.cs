using System.CommandLine;
using MedMLNet.Assistant;
using MedMLNet.Cli.Chat;
using MedMLNet.Llama.Generation;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet chat --model DIR [--adapter DIR]`: the 智能问诊助手 loop. Reads one message a line from standard input
/// (a terminal or a pipe), answers in the message's language with the conversation so far, streams the reply, prints an
/// urgent notice first when the message shows emergency signs, and keeps the history within the context window.
/// /reset forgets the conversation, /exit (or the end of input) quits with exit code 0.
/// </summary>
internal sealed class ChatVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Longest reply in tokens.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy (default); otherwise sample.", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => 0.9 };
        var penalty = new Option<double>("--repetition-penalty") { Description = "transformers' repetition penalty (1 = off).", DefaultValueFactory = _ => 1.2 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var system = new Option<string?>("--system-prompt") { Description = "System prompt (default: the EN/ZH triage prompt the bundled data was prepared with, by the message's language)." };
        var profile = new Option<string?>("--profile") { Description = "Patient profile JSON (age_band, sex, pregnancy, language, allergies, current_medications, conditions; no identifiers), rendered into the system prompt." };
        var showConfidence = new Option<double?>("--show-confidence") { Description = "After each reply, show the spans whose tokens are less likely than this probability (e.g. 0.1).", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("chat", "The triage assistant (智能问诊助手): chat with a model in the terminal or through a pipe.\n\nExamples:\n" +
            "  medmlnet chat --model data/models/tiny-med-llama3 --adapter runs/demo/adapter\n" +
            "  printf '头痛发烧怎么办？\\n' | medmlnet chat --model data/models/tiny-med-llama3\n" +
            "  medmlnet chat --model data/models/tiny-med-llama3 --profile samples/TriageAssistant/profile.example.json --show-confidence 0.1")
            { maxNew, temperature, topP, penalty, seed, system, profile, showConfidence };
        model.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            Data.Profiles.PatientProfile? patient = null;
            if (parse.GetValue(profile) is { } profilePath)
            {
                try { patient = Data.Profiles.PatientProfileJson.Load(profilePath); }
                catch (Data.Profiles.ProfileException e) { throw new CliUserException($"{e.Message} Fix the profile file or leave --profile out."); }
            }
            var confidence = parse.GetResult(showConfidence) is null ? (double?)null : parse.GetValue(showConfidence) ?? 0.1;
            if (confidence is <= 0 or > 1) throw new CliUserException($"--show-confidence must be a probability in (0, 1], got {confidence}.");
            using var loaded = model.Load(parse);
            var tokenizer = PromptTokenizer.Load(parse.GetValue(model.Model)!);
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew), Temperature = parse.GetValue(temperature), TopP = parse.GetValue(topP),
                RepetitionPenalty = parse.GetValue(penalty), Seed = parse.GetValue(seed),
            }.Validate();
            var history = new ChatHistory(tokenizer.Template, loaded.Model.Config.MaxPositionEmbeddings, options.MaxNewTokens);
            var generator = new LlamaGenerator(loaded.Model, loaded.Prefix);
            var interactive = !Console.IsInputRedirected;
            Console.WriteLine(SafetyNotice.Disclaimer(ChatLanguage.English));
            Console.WriteLine(SafetyNotice.Disclaimer(ChatLanguage.Chinese));
            Console.WriteLine("/reset starts over, /exit quits. /reset 重新开始，/exit 退出。");
            var chinese = false;
            while (!ct.IsCancellationRequested)
            {
                Console.Write(chinese ? "用户: " : "You: ");
                var line = Console.ReadLine();
                if (line is null) { Console.WriteLine(); break; }
                if (!interactive) Console.WriteLine(line);
                line = line.Trim();
                if (line.Length == 0) continue;
                if (line is "/exit" or "/quit") break;
                if (line == "/reset") { history.Reset(); Console.WriteLine(chinese ? "（对话已清空）" : "(conversation cleared)"); continue; }
                var language = ChatLanguageDetector.Detect(line);
                chinese = language == ChatLanguage.Chinese;
                if (SafetyNotice.Urgent(RedFlagDetector.Detect(line), language) is { } urgent) Console.WriteLine(urgent);
                history.System = parse.GetValue(system) ?? (chinese ? Data.SystemPrompts.Chinese : Data.SystemPrompts.English);
                if (patient is not null)
                    history.System = Data.Profiles.ProfilePromptRenderer.SystemPrompt(history.System, patient, chinese ? Data.Profiles.ProfileLanguage.Chinese : Data.Profiles.ProfileLanguage.English);
                history.AddUser(line);
                var (prompt, dropped, truncated) = history.BuildPrompt(tokenizer.Tokenizer);
                if (dropped > 0 || truncated)
                    Console.Error.WriteLine($"(context window: {dropped} earlier turn(s) dropped{(truncated ? ", the message shortened to its end" : "")})");
                Console.Write(chinese ? "助手: " : "Assistant: ");
                var (reply, tokens) = await Stream(generator, prompt, options, tokenizer, ct);
                history.AddAssistant(reply);
                if (confidence is double p && LowConfidence(tokens, p, tokenizer) is { Count: > 0 } unsure)
                    Console.WriteLine((chinese ? "（把握较低的部分：" : "(low confidence: ") + string.Join(" | ", unsure.Select(u => $"«{u}»")) + ")");
            }
            return ct.IsCancellationRequested ? CliHost.Cancelled : 0;
        });
        return cmd;
    }

    /// <summary>The reply's runs of tokens below probability <paramref name="p"/> (stop tokens excluded), as trimmed text.</summary>
    private static List<string> LowConfidence(List<GeneratedToken> tokens, double p, PromptTokenizer tokenizer) =>
        [.. ReplyConfidence.LowSpanTexts(tokens, p, tokenizer.Tokenizer).Select(t => t.Trim()).Where(t => t.Length > 0)];

    /// <summary>Streams the reply to the console as whole UTF-8 characters; returns its text without the stop token, and its tokens.</summary>
    private static async Task<(string Text, List<GeneratedToken> Tokens)> Stream(LlamaGenerator generator, int[] prompt, GenerationOptions options, PromptTokenizer tokenizer, CancellationToken ct)
    {
        var decoder = tokenizer.Tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var text = new System.Text.StringBuilder();
        var tokens = new List<GeneratedToken>();
        await foreach (var token in generator.StreamAsync(prompt, options, ct))
        {
            tokens.Add(token);
            var piece = decoder.Append(token.TokenId);
            text.Append(piece);
            Console.Write(piece);
        }
        var rest = decoder.Flush();
        text.Append(rest);
        Console.WriteLine(rest);
        return (text.ToString().Trim(), tokens);
    }
}
