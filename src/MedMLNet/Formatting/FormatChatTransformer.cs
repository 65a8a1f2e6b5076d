using MedMLNet.Formatting;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Prediction;
using MedMLNet.Schema;
using MedMLNet.State;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(FormatChatTransformer), null, typeof(SignatureLoadModel), "Format Chat", FormatChatTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(FormatChatTransformer), null, typeof(SignatureLoadRowMapper), "Format Chat", FormatChatTransformer.LoaderSignature)]

namespace MedMLNet.Formatting;

/// <summary>
/// Turns plain text columns (a question, optionally its answer and a system prompt) into the <c>Roles</c>/<c>Messages</c>
/// vectors the Llama trainers and chat transformer read: [system?, user, assistant?]. Empty answers give rows to be
/// answered. Saved into the model zip with its options.
/// </summary>
public sealed class FormatChatTransformer : StatefulTransformerBase
{
    internal const string LoaderSignature = "MedFormatChatXf";

    /// <summary>options.json: user, assistant and system columns and the system prompt.</summary>
    internal const uint VersionInitial = 0x00010001;
    internal const uint VersionCurrent = VersionInitial;

    private const string OptionsWhere = "'" + nameof(FormatChatTransformer) + "' " + TransformerState.OptionsEntryName;

    /// <summary>The saved fields of <see cref="FormatChatOptions"/> and the version that first wrote each.</summary>
    internal static readonly StateFields<FormatChatOptions> OptionsFormat = new(() => new FormatChatOptions(),
        StateField.String<FormatChatOptions>("UserColumn", VersionInitial, o => o.UserColumn, (o, v) => o with { UserColumn = v }),
        StateField.NullableString<FormatChatOptions>("AssistantColumn", VersionInitial, o => o.AssistantColumn, (o, v) => o with { AssistantColumn = v }),
        StateField.NullableString<FormatChatOptions>("SystemColumn", VersionInitial, o => o.SystemColumn, (o, v) => o with { SystemColumn = v }),
        StateField.String<FormatChatOptions>("SystemPrompt", VersionInitial, o => o.SystemPrompt, (o, v) => o with { SystemPrompt = v }));

    private readonly FormatChatOptions options;

    internal FormatChatTransformer(IHostEnvironment env, FormatChatOptions options)
        : base(env, nameof(FormatChatTransformer), new TransformerState(OptionsFormat.Write(options)), null)
    {
        this.options = OptionsFormat.Read(State.OptionsJson, SavedVersion, OptionsWhere);
    }

    private FormatChatTransformer(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, nameof(FormatChatTransformer), ctx, MakeVersionInfo())
    {
        options = OptionsFormat.Read(State.OptionsJson, SavedVersion, OptionsWhere);
    }

    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) =>
        new FormatChatTransformer(env, ctx).MakeRowMapper(inputSchema);

    internal static VersionInfo MakeVersionInfo() => new(
        modelSignature: "MEDFMTCH",
        verWrittenCur: VersionCurrent,
        verReadableCur: VersionInitial,
        verWeCanReadBack: VersionInitial,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(FormatChatTransformer).Assembly.FullName);

    /// <inheritdoc />
    private protected override VersionInfo GetVersionInfo() => MakeVersionInfo();

    /// <summary>The columns read and the system prompt used.</summary>
    public FormatChatOptions Options => options;

    /// <inheritdoc />
    protected override string WriteOptions() => OptionsFormat.Write(options);

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : MapperBase
    {
        private const string Component = "FormatChat";
        private readonly FormatChatOptions options;
        private readonly int user;
        private readonly int? assistant, system;

        public Mapper(FormatChatTransformer parent, DataViewSchema schema) : base(parent.Host.Register(nameof(Mapper)), schema, parent)
        {
            options = parent.Options;
            user = ColumnChecks.FindText(schema, options.UserColumn, Component);
            assistant = options.AssistantColumn is { } a ? ColumnChecks.FindText(schema, a, Component) : null;
            system = options.SystemColumn is { } s ? ColumnChecks.FindText(schema, s, Component) : null;
            this.parent = parent;
        }

        private readonly FormatChatTransformer parent;

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
        [
            new(ChatColumns.Roles, new VectorDataViewType(TextDataViewType.Instance)),
            new(ChatColumns.Messages, new VectorDataViewType(TextDataViewType.Instance)),
        ];

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
        {
            disposer = null;
            ValueGetter<ReadOnlyMemory<char>>? Getter(int? c) => c is int i ? input.GetGetter<ReadOnlyMemory<char>>(input.Schema[i]) : null;
            var (getUser, getAssistant, getSystem) = (Getter(user)!, Getter(assistant), Getter(system));
            ReadOnlyMemory<char> value = default;
            string Read(ValueGetter<ReadOnlyMemory<char>>? g) { if (g is null) return ""; g(ref value); return value.ToString(); }
            List<(string Role, string Content)> Turns()
            {
                var turns = new List<(string, string)>();
                var sys = Read(getSystem);
                if (sys.Trim().Length == 0) sys = options.SystemPrompt;
                if (sys.Length > 0) turns.Add((ChatRoles.System, sys));
                turns.Add((ChatRoles.User, Read(getUser)));
                var answer = Read(getAssistant);
                if (answer.Trim().Length > 0) turns.Add((ChatRoles.Assistant, answer));
                return turns;
            }
            return (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) =>
            {
                var turns = Turns();
                var values = turns.Select(t => (iinfo == 0 ? t.Role : t.Content).AsMemory()).ToArray();
                dst = new VBuffer<ReadOnlyMemory<char>>(values.Length, values);
            });
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            var any = activeOutput(0) || activeOutput(1);
            return col => any && (col == user || col == assistant || col == system);
        }

        protected override void SaveModel(ModelSaveContext ctx) => ((ICanSaveModel)parent).Save(ctx);
    }
}

/// <summary>Estimator of <see cref="FormatChatTransformer"/> (nothing to learn: <c>Fit</c> checks the schema and returns it).</summary>
public sealed class FormatChatEstimator(IHostEnvironment env, FormatChatOptions options) : IEstimator<FormatChatTransformer>
{
    /// <inheritdoc />
    public FormatChatTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShape.Create(input.Schema));
        return new FormatChatTransformer(env, options);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        const string component = "FormatChat";
        ColumnChecks.CheckText(inputSchema, options.UserColumn, component);
        if (options.AssistantColumn is { } a) ColumnChecks.CheckText(inputSchema, a, component);
        if (options.SystemColumn is { } s) ColumnChecks.CheckText(inputSchema, s, component);
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var name in new[] { ChatColumns.Roles, ChatColumns.Messages })
            columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.VariableVector, TextDataViewType.Instance, false);
        return new SchemaShape(columns.Values);
    }
}
