using MedMLNet.Evaluation.Models;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.LlamaChat;

/// <summary>Chat JSONL → <see cref="ChatRecordRow"/>s (the reader behind <c>mlContext.Llama.LoadChatRecords</c>).</summary>
internal static class ChatRecordReader
{
    public static List<ChatRecordRow> Read(string path, bool holdOutReference) =>
        EvalRecord.ReadJsonl(path).Select(r =>
        {
            IReadOnlyList<ChatMessage> messages = holdOutReference ? r.Prompt : [.. r.Prompt, ChatMessage.Assistant(r.Reference)];
            return new ChatRecordRow
            {
                Roles = [.. messages.Select(m => m.Role)], Messages = [.. messages.Select(m => m.Content)],
                Reference = holdOutReference ? r.Reference : "", Id = r.Id, Source = r.Source,
            };
        }).ToList();
}
