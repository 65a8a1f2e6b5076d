// TriageAssistant: a console 智能问诊助手 over a Llama 3 checkpoint (optionally with a LoRA/prefix adapter).
// Usage: TriageAssistant [--model DIR] [--adapter DIR]; reads questions line by line from stdin (works from a pipe),
// /reset forgets the conversation, /exit (or end of input) quits with exit code 0.
using System.Text;
using MedMLNet.Assistant;
using MedMLNet.Llama.Chat;

Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;
string model = "data/models/tiny-med-llama3";
string? adapter = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--model" && i + 1 < args.Length) model = args[++i];
    else if (args[i] == "--adapter" && i + 1 < args.Length) adapter = args[++i];
    else { Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: TriageAssistant [--model DIR] [--adapter DIR]"); return 1; }
}

ChatModel chat;
try { chat = ChatModel.Load(model, adapter); }
catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"cannot load the model: {e.Message}");
    return 1;
}

using (chat)
{
    var session = new TriageSession(chat, new TriageSessionOptions { Completion = new ChatCompletionOptions { MaxNewTokens = 200 } });
    Console.WriteLine(SafetyNotice.Disclaimer(ChatLanguage.English));
    Console.WriteLine(SafetyNotice.Disclaimer(ChatLanguage.Chinese));
    Console.WriteLine("Type /reset to start over, /exit to quit. 输入 /reset 重新开始,/exit 退出。");
    while (true)
    {
        Console.Write(session.Language == ChatLanguage.Chinese ? "用户: " : "You: ");
        var line = Console.ReadLine();
        if (line is null || line.Trim() == "/exit") break;
        if (line.Trim() == "/reset") { session.Reset(); Console.WriteLine("(conversation cleared / 对话已清空)"); continue; }
        if (string.IsNullOrWhiteSpace(line)) { Console.WriteLine("(empty question; please describe your symptoms / 请描述您的症状)"); continue; }
        var turn = session.Ask(line);
        if (turn.UrgentNotice != null) Console.WriteLine(turn.UrgentNotice);
        Console.Write(turn.Language == ChatLanguage.Chinese ? "助手: " : "Assistant: ");
        await foreach (var piece in turn.Reply) Console.Write(piece);
        Console.WriteLine();
    }
}
return 0;
