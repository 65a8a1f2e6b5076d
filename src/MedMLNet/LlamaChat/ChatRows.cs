using MedMLNet.Llama.Tokenization;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.LlamaChat;

/// <summary>
/// A chat record as an ML.NET row: the conversation (<c>Roles</c>/<c>Messages</c>, ChatRequest-shaped), the reference
/// answer split off it for evaluation (empty when the record is loaded whole, for training), and its id and source.
/// </summary>
public sealed class ChatRecordRow
{
    /// <summary>Role of each message.</summary>
    [ColumnName(ChatColumns.Roles)] public string[] Roles { get; set; } = [];

    /// <summary>Content of each message, parallel to <see cref="Roles"/>.</summary>
    [ColumnName(ChatColumns.Messages)] public string[] Messages { get; set; } = [];

    /// <summary>The held-out last assistant message (evaluation rows), else empty.</summary>
    public string Reference { get; set; } = "";

    /// <summary>Record id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Dataset the record came from.</summary>
    public string Source { get; set; } = "";
}

/// <summary>Reads and writes the conversation columns of an IDataView.</summary>
internal static class ChatRows
{
    /// <summary>Every row's conversation, in order.</summary>
    public static List<List<ChatMessage>> Read(IDataView data)
    {
        var roles = data.Schema.GetColumnOrNull(ChatColumns.Roles) ?? throw new ArgumentOutOfRangeException(nameof(data), $"The training data has no '{ChatColumns.Roles}' column (vector of Text); load it with LoadChatRecords or FormatChat.");
        var messages = data.Schema.GetColumnOrNull(ChatColumns.Messages) ?? throw new ArgumentOutOfRangeException(nameof(data), $"The training data has no '{ChatColumns.Messages}' column (vector of Text).");
        var result = new List<List<ChatMessage>>();
        using var cursor = data.GetRowCursor([roles, messages]);
        var getRoles = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(roles);
        var getMessages = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(messages);
        VBuffer<ReadOnlyMemory<char>> r = default, m = default;
        while (cursor.MoveNext())
        {
            getRoles(ref r);
            getMessages(ref m);
            result.Add(r.DenseValues().Zip(m.DenseValues(), (role, content) => new ChatMessage(role.ToString(), content.ToString())).ToList());
        }
        return result;
    }
}
