using MedMLNet.Data.Profiles;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>
/// Row mapper of <see cref="LlamaChatTransformer"/>: one generation per row, shared by the nine ChatReply columns.
/// Reads the conversation (Roles/Messages, or the options' PromptColumn), the optional SystemPrompt and PatientProfile
/// (JSON, rendered into the system prompt by <see cref="ProfilePromptRenderer"/>) columns, and the options' AdapterColumn.
/// </summary>
internal sealed class LlamaChatMapper : RowToRowTransformerBase.MapperBase
{
    private readonly LlamaChatTransformer parent;
    private readonly LlamaChatOptions options;
    private readonly int rolesColumn = -1, messagesColumn = -1;
    private readonly int? systemColumn, promptColumn, profileColumn, adapterColumn;

    public LlamaChatMapper(LlamaChatTransformer parent, DataViewSchema schema) : base(parent.Host.Register(nameof(LlamaChatMapper)), schema, parent)
    {
        this.parent = parent;
        options = parent.Options;
        if (options.PromptColumn is { } name) promptColumn = Text(schema, name, "LlamaChatOptions.PromptColumn", required: true);
        else
        {
            rolesColumn = TextVector(schema, ChatColumns.Roles);
            messagesColumn = TextVector(schema, ChatColumns.Messages);
        }
        systemColumn = Text(schema, ChatColumns.SystemPrompt, "system prompt", required: false);
        profileColumn = Text(schema, ChatColumns.PatientProfile, "patient profile", required: false);
        if (options.AdapterColumn is { } a) adapterColumn = Text(schema, a, "LlamaChatOptions.AdapterColumn", required: true);
    }

    private static int? Text(DataViewSchema schema, string name, string what, bool required)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
            return required ? throw new ArgumentOutOfRangeException(nameof(schema), $"Column '{name}' ({what}) not found in the input.") : null;
        return column.Type is TextDataViewType ? column.Index : throw new ArgumentOutOfRangeException(nameof(schema), $"Column '{name}' ({what}) must be Text, found {column.Type}.");
    }

    private static int TextVector(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' not found: the Llama chat transformer reads ChatRequest-shaped rows ({ChatColumns.Roles}, {ChatColumns.Messages} as vectors of Text; use FormatChat to make them).");
        if (column.Type is not VectorDataViewType { ItemType: TextDataViewType })
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' must be a vector of Text, found {column.Type}.");
        return column.Index;
    }

    // The ChatReply columns, in the order of MakeGetter's iinfo.
    private static readonly DataViewSchema.DetachedColumn[] Outputs =
    [
        new(ChatColumns.Reply, TextDataViewType.Instance),
        new(ChatColumns.FinishReason, TextDataViewType.Instance),
        new(ChatColumns.PromptTokens, NumberDataViewType.Int32),
        new(ChatColumns.CompletionTokens, NumberDataViewType.Int32),
        new(ChatColumns.TokenLogProbs, new VectorDataViewType(NumberDataViewType.Single)),
        new(ChatColumns.Tokens, new VectorDataViewType(TextDataViewType.Instance)),
        new(ChatColumns.TopTokens, new VectorDataViewType(TextDataViewType.Instance)),
        new(ChatColumns.TopTokenLogProbs, new VectorDataViewType(NumberDataViewType.Single)),
        new(ChatColumns.Confidence, NumberDataViewType.Single),
    ];

    protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => [.. Outputs];

    protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
    {
        disposer = null;
        var read = new RowReader(input, this);
        long cachedPosition = -1;
        LlamaChatAnswer? cached = null;
        LlamaChatAnswer Answer()
        {
            if (cached is not null && cachedPosition == input.Position) return cached;
            var (conversation, adapter) = read.Next();
            cached = parent.Engine.Answer(conversation, adapter);
            cachedPosition = input.Position;
            return cached;
        }
        static VBuffer<T> Vector<T>(T[] values) => new(values.Length, (T[])values.Clone());
        return iinfo switch
        {
            0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Answer().Completion.Text.AsMemory()),
            1 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Answer().FinishReason.AsMemory()),
            2 => (ValueGetter<int>)((ref int dst) => dst = Answer().Completion.PromptTokens),
            3 => (ValueGetter<int>)((ref int dst) => dst = Answer().Completion.CompletionTokens),
            4 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = Vector(Answer().TokenLogProbs)),
            5 => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) => dst = Vector(Answer().Tokens.Select(t => t.AsMemory()).ToArray())),
            6 => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) => dst = Vector(Answer().TopTokens.Select(t => t.AsMemory()).ToArray())),
            7 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = Vector(Answer().TopTokenLogProbs)),
            _ => (ValueGetter<float>)((ref float dst) => dst = Answer().Confidence),
        };
    }

    /// <summary>Reads one row's conversation (system prompt and profile folded in) and adapter choice.</summary>
    private sealed class RowReader
    {
        private readonly DataViewRow row;
        private readonly LlamaChatOptions options;
        private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>>? roles, messages;
        private readonly ValueGetter<ReadOnlyMemory<char>>? prompt, system, profile, adapter;

        public RowReader(DataViewRow row, LlamaChatMapper mapper)
        {
            this.row = row;
            options = mapper.options;
            ValueGetter<ReadOnlyMemory<char>>? Text(int? c) => c is int i ? row.GetGetter<ReadOnlyMemory<char>>(row.Schema[i]) : null;
            if (mapper.promptColumn is null)
            {
                roles = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(row.Schema[mapper.rolesColumn]);
                messages = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(row.Schema[mapper.messagesColumn]);
            }
            (prompt, system, profile, adapter) = (Text(mapper.promptColumn), Text(mapper.systemColumn), Text(mapper.profileColumn), Text(mapper.adapterColumn));
        }

        public (List<ChatMessage> Conversation, string? Adapter) Next()
        {
            var turns = Turns();
            var inline = turns.FindIndex(m => m.Role == ChatRoles.System); // a system message in the turns overrides the column
            var systemText = inline >= 0 ? turns[inline].Content : Get(system);
            if (inline >= 0) turns.RemoveAt(inline);
            if (systemText.Length == 0) systemText = options.DefaultSystemPrompt;
            var profileJson = Get(profile);
            if (profileJson.Trim().Length > 0)
            {
                PatientProfile parsed;
                try { parsed = PatientProfileJson.Deserialize(profileJson, $"row {row.Position} column {ChatColumns.PatientProfile}"); }
                catch (ProfileException e) { throw new InvalidOperationException(e.Message, e); }
                systemText = ProfilePromptRenderer.SystemPrompt(systemText, parsed);
            }
            if (systemText.Length > 0) turns.Insert(0, ChatMessage.System(systemText));
            var choice = Get(adapter).Trim();
            return (turns, choice.Length == 0 ? null : choice == LlamaChatOptions.BaseAdapterName ? "" : choice);
        }

        private List<ChatMessage> Turns()
        {
            if (prompt is not null) return [ChatMessage.User(Get(prompt))];
            VBuffer<ReadOnlyMemory<char>> r = default, m = default;
            roles!(ref r);
            messages!(ref m);
            if (r.Length != m.Length) throw new InvalidOperationException($"Row {row.Position}: {r.Length} roles but {m.Length} messages; they must be parallel.");
            return [.. r.DenseValues().Zip(m.DenseValues(), (role, content) => new ChatMessage(role.ToString(), content.ToString()))];
        }

        private static string Get(ValueGetter<ReadOnlyMemory<char>>? getter)
        {
            if (getter is null) return "";
            ReadOnlyMemory<char> value = default;
            getter(ref value);
            return value.ToString();
        }
    }

    protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
    {
        var any = Enumerable.Range(0, Outputs.Length).Any(activeOutput);
        return col => any && (col == rolesColumn || col == messagesColumn || col == systemColumn || col == promptColumn || col == profileColumn || col == adapterColumn);
    }

    protected override void SaveModel(ModelSaveContext ctx) => ((ICanSaveModel)parent).Save(ctx);
}
