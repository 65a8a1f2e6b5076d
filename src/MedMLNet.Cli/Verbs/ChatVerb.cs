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
        var cmd = new Command("chat", "The triage assistant (智能问诊助手): chat with a model in the terminal or through a pipe.\n\nExamples:\n" +
            "  medmlnet chat --model data/models/tiny-med-llama3 --adapter runs/demo/adapter\n" +
            "  printf '头痛发烧怎么办？\\n' | medmlnet chat --model data/models/tiny-med-llama3")
            { maxNew, temperature, topP, penalty, seed, system };
        model.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
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
                history.AddUser(line);
                var (prompt, dropped, truncated) = history.BuildPrompt(tokenizer.Tokenizer);
                if (dropped > 0 || truncated)
                    Console.Error.WriteLine($"(context window: {dropped} earlier turn(s) dropped{(truncated ? ", the message shortened to its end" : "")})");
                Console.Write(chinese ? "助手: " : "Assistant: ");
                var reply = await Stream(generator, prompt, options, tokenizer, ct);
                history.AddAssistant(reply);
            }
            return ct.IsCancellationRequested ? CliHost.Cancelled : 0;
        });
        return cmd;
    }

    /// <summary>Streams the reply to the console as whole UTF-8 characters; returns its text without the stop token.</summary>
    private static async Task<string> Stream(LlamaGenerator generator, int[] prompt, GenerationOptions options, PromptTokenizer tokenizer, CancellationToken ct)
    {
        var decoder = tokenizer.Tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var text = new System.Text.StringBuilder();
        await foreach (var token in generator.StreamAsync(prompt, options, ct))
        {
            var piece = decoder.Append(token.TokenId);
            text.Append(piece);
            Console.Write(piece);
        }
        var rest = decoder.Flush();
        text.Append(rest);
        Console.WriteLine(rest);
        return text.ToString().Trim();
    }
}
