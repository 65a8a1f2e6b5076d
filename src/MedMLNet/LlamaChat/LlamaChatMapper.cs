using MedMLNet.Llama.Tokenization;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>Row mapper of <see cref="LlamaChatTransformer"/>: one generation per row, shared by the five output columns.</summary>
internal sealed class LlamaChatMapper : RowToRowTransformerBase.MapperBase
{
    private readonly LlamaChatTransformer parent;
    private readonly int rolesColumn, messagesColumn;
    private readonly int? systemColumn;

    public LlamaChatMapper(LlamaChatTransformer parent, DataViewSchema schema) : base(parent.Host.Register(nameof(LlamaChatMapper)), schema, parent)
    {
        this.parent = parent;
        rolesColumn = TextVector(schema, ChatColumns.Roles);
        messagesColumn = TextVector(schema, ChatColumns.Messages);
        if (schema.GetColumnOrNull(ChatColumns.SystemPrompt) is { } s)
            systemColumn = s.Type is TextDataViewType ? s.Index : throw new ArgumentOutOfRangeException(nameof(schema), $"Column '{ChatColumns.SystemPrompt}' must be Text, found {s.Type}.");
    }

    private static int TextVector(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' not found: the Llama chat transformer reads ChatRequest-shaped rows ({ChatColumns.Roles}, {ChatColumns.Messages} as vectors of Text; use FormatChat to make them).");
        if (column.Type is not VectorDataViewType { ItemType: TextDataViewType })
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' must be a vector of Text, found {column.Type}.");
        return column.Index;
    }

    protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
    [
        new(ChatColumns.Reply, TextDataViewType.Instance),
        new(ChatColumns.FinishReason, TextDataViewType.Instance),
        new(ChatColumns.PromptTokens, NumberDataViewType.Int32),
        new(ChatColumns.CompletionTokens, NumberDataViewType.Int32),
        new(ChatColumns.TokenLogProbs, new VectorDataViewType(NumberDataViewType.Single)),
    ];

    protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
    {
        disposer = null;
        var getRoles = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input.Schema[rolesColumn]);
        var getMessages = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input.Schema[messagesColumn]);
        var getSystem = systemColumn is int sc ? input.GetGetter<ReadOnlyMemory<char>>(input.Schema[sc]) : null;
        VBuffer<ReadOnlyMemory<char>> roles = default, messages = default;
        ReadOnlyMemory<char> system = default;
        long cachedPosition = -1;
        LlamaChatAnswer? cached = null;
        LlamaChatAnswer Answer()
        {
            if (cached is not null && cachedPosition == input.Position) return cached;
            getRoles(ref roles);
            getMessages(ref messages);
            var r = roles.DenseValues().Select(x => x.ToString()).ToArray();
            var m = messages.DenseValues().Select(x => x.ToString()).ToArray();
            if (r.Length != m.Length) throw Host.Except($"Row {input.Position}: {r.Length} roles but {m.Length} messages; they must be parallel.");
            var conversation = new List<ChatMessage>();
            if (getSystem is not null)
            {
                getSystem(ref system);
                if (!system.IsEmpty) conversation.Add(ChatMessage.System(system.ToString()));
            }
            conversation.AddRange(r.Zip(m, (role, content) => new ChatMessage(role, content)));
            cached = parent.Engine.Answer(conversation);
            cachedPosition = input.Position;
            return cached;
        }
        return iinfo switch
        {
            0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Answer().Reply.AsMemory()),
            1 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Answer().FinishReason.AsMemory()),
            2 => (ValueGetter<int>)((ref int dst) => dst = Answer().PromptTokens),
            3 => (ValueGetter<int>)((ref int dst) => dst = Answer().CompletionTokens),
            _ => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                var lp = Answer().TokenLogProbs;
                dst = new VBuffer<float>(lp.Length, (float[])lp.Clone());
            }),
        };
    }

    protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
    {
        var any = Enumerable.Range(0, 5).Any(activeOutput);
        return col => any && (col == rolesColumn || col == messagesColumn || col == systemColumn);
    }

    protected override void SaveModel(ModelSaveContext ctx) => ((ICanSaveModel)parent).Save(ctx);
}
