// TriageAssistant: a console 智能问诊助手 over a Llama 3 checkpoint (optionally with a LoRA/prefix adapter).
// Usage: TriageAssistant [--model DIR] [--adapter DIR] [--profile PROFILE.json] [--show-confidence]; reads questions line by
// line from stdin (works from a pipe), /reset forgets the conversation, /exit (or end of input) quits with exit code 0.
// --profile: structured patient context (age band, sex, pregnancy, allergies, medications, conditions; no identifiers),
// e.g. samples/TriageAssistant/profile.example.json, rendered into the system prompt.
// --show-confidence: after each reply, the parts the model was least sure of (tokens below 10% probability).
using System.Text;
using MedMLNet.Assistant;
using MedMLNet.Data.Profiles;
using MedMLNet.Llama.Chat;

Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;
string model = "data/models/tiny-med-llama3";
string? adapter = null;
PatientProfile? profile = null;
var showConfidence = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--model" && i + 1 < args.Length) model = args[++i];
    else if (args[i] == "--adapter" && i + 1 < args.Length) adapter = args[++i];
    else if (args[i] == "--show-confidence") showConfidence = true;
    else if (args[i] == "--profile" && i + 1 < args.Length)
    {
        try { profile = PatientProfileJson.Load(args[++i]); }
        catch (ProfileException e) { Console.Error.WriteLine($"bad patient profile: {e.Message}"); return 1; }
    }
    else { Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: TriageAssistant [--model DIR] [--adapter DIR] [--profile FILE] [--show-confidence]"); return 1; }
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
    var session = new TriageSession(chat, new TriageSessionOptions { Completion = new ChatCompletionOptions { MaxNewTokens = 200 }, Profile = profile });
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
        if (showConfidence && turn.LowConfidenceSpans() is { Count: > 0 } unsure)
            Console.WriteLine((turn.Language == ChatLanguage.Chinese ? "（把握较低的部分：" : "(low confidence: ") + string.Join(" | ", unsure.Select(s => $"«{s.Trim()}»")) + ")");
    }
}
return 0;
