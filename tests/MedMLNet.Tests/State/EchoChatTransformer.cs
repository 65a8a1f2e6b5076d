using System.Text.Json;
using MedMLNet.Prediction;
using MedMLNet.State;
using MedMLNet.Tests.State;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(EchoChatTransformer), null, typeof(SignatureLoadModel), "Echo Chat", EchoChatTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(EchoChatTransformer), null, typeof(SignatureLoadRowMapper), "Echo Chat", EchoChatTransformer.LoaderSignature)]

namespace MedMLNet.Tests.State;

/// <summary>Options of <see cref="EchoChatTransformer"/>.</summary>
public sealed record EchoChatOptions
{
    public string Prefix { get; init; } = "";
    public int MaxWords { get; init; } = 4;
}

/// <summary>
/// A test stand-in for the Llama chat transformer, built on <see cref="StatefulTransformerBase"/>: it answers a
/// <see cref="ChatRequest"/> by echoing the last message's first words, with "log-probabilities" taken from its
/// weight blob and a tag read from the base checkpoint's config.json — so every part of the saved state shows
/// in the output.
/// </summary>
public sealed class EchoChatTransformer : StatefulTransformerBase
{
    internal const string LoaderSignature = "MedTestEchoChat";
    public const string WeightsBlob = "weights.bin";
    internal const uint VersionInitial = 0x00010001;

    internal static readonly StateFields<EchoChatOptions> OptionsFormat = new(() => new EchoChatOptions(),
        StateField.String<EchoChatOptions>("Prefix", VersionInitial, o => o.Prefix, (o, v) => o with { Prefix = v }),
        StateField.Int<EchoChatOptions>("MaxWords", VersionInitial, o => o.MaxWords, (o, v) => o with { MaxWords = v }));

    public EchoChatTransformer(IHostEnvironment env, EchoChatOptions options, byte[] weights, string baseModelDirectory)
        : base(env, nameof(EchoChatTransformer),
            new TransformerState(OptionsFormat.Write(options), new Dictionary<string, byte[]> { [WeightsBlob] = weights }, MedMLNet.BaseModel.BaseModelReference.FromDirectory(baseModelDirectory)),
            baseModelDirectory)
    {
        Options = OptionsFormat.Read(State.OptionsJson, SavedVersion, "echo options");
    }

    // SignatureLoadModel finds this constructor (ML.NET refuses a type with both this and a same-visibility Create).
    private EchoChatTransformer(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, nameof(EchoChatTransformer), ctx, MakeVersionInfo())
    {
        Options = OptionsFormat.Read(State.OptionsJson, SavedVersion, "echo options");
    }

    public EchoChatOptions Options { get; }

    protected override string WriteOptions() => OptionsFormat.Write(Options);

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) =>
        new EchoChatTransformer(env, ctx).MakeRowMapper(inputSchema);

    internal static VersionInfo MakeVersionInfo() => new(
        modelSignature: "MEDECHOT",
        verWrittenCur: VersionInitial,
        verReadableCur: VersionInitial,
        verWeCanReadBack: VersionInitial,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(EchoChatTransformer).Assembly.FullName);

    private protected override VersionInfo GetVersionInfo() => MakeVersionInfo();

    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    internal string Answer(ReadOnlySpan<string> messages, out string finish, out int promptTokens, out float[] logProbs)
    {
        var options = Options;
        var weights = State.Blobs[WeightsBlob];
        var tag = JsonDocument.Parse(File.ReadAllText(Path.Combine(BaseModelDirectory!, "config.json"))).RootElement.GetProperty("model_type").GetString();
        promptTokens = 0;
        foreach (var m in messages) promptTokens += Words(m).Length;
        var last = messages.Length == 0 ? [] : Words(messages[^1]);
        var taken = last.Take(options.MaxWords).ToArray();
        finish = last.Length > options.MaxWords ? "length" : "stop";
        logProbs = [.. taken.Select((_, i) => -weights[i % weights.Length] / 16f)];
        return $"{options.Prefix}{string.Join(' ', taken)} [{tag}]";
    }

    private static string[] Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private sealed class Mapper : MapperBase
    {
        private readonly EchoChatTransformer parent;
        private readonly int messagesColumn;

        public Mapper(EchoChatTransformer parent, DataViewSchema schema) : base(parent.Host.Register(nameof(Mapper)), schema, parent)
        {
            this.parent = parent;
            if (!schema.TryGetColumnIndex(ChatColumns.Messages, out messagesColumn))
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{ChatColumns.Messages}' not found.");
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
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

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
        {
            disposer = null;
            var get = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input.Schema[messagesColumn]);
            VBuffer<ReadOnlyMemory<char>> buffer = default;
            (string Reply, string Finish, int Prompt, float[] LogProbs) Compute()
            {
                get(ref buffer);
                var messages = buffer.DenseValues().Select(m => m.ToString()).ToArray();
                var reply = parent.Answer(messages, out var finish, out var prompt, out var lp);
                return (reply, finish, prompt, lp);
            }
            return iinfo switch
            {
                0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Compute().Reply.AsMemory()),
                1 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = Compute().Finish.AsMemory()),
                2 => (ValueGetter<int>)((ref int dst) => dst = Compute().Prompt),
                3 => (ValueGetter<int>)((ref int dst) => dst = Compute().LogProbs.Length),
                4 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = new VBuffer<float>(Compute().LogProbs.Length, Compute().LogProbs)),
                5 or 6 => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) => dst = new VBuffer<ReadOnlyMemory<char>>(0, [])),
                7 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = new VBuffer<float>(0, [])),
                _ => (ValueGetter<float>)((ref float dst) => dst = MathF.Exp(Compute().LogProbs.DefaultIfEmpty(0).Average())),
            };
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            var any = Enumerable.Range(0, 9).Any(activeOutput);
            return col => any && col == messagesColumn;
        }

        protected override void SaveModel(ModelSaveContext ctx) => ((ICanSaveModel)parent).Save(ctx);
    }
}
