using MedMLNet.BaseModel;
using MedMLNet.LlamaChat;
using MedMLNet.State;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(LlamaChatTransformer), null, typeof(SignatureLoadModel), "Llama Chat", LlamaChatTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(LlamaChatTransformer), null, typeof(SignatureLoadRowMapper), "Llama Chat", LlamaChatTransformer.LoaderSignature)]

namespace MedMLNet.LlamaChat;

/// <summary>
/// Adds a generated reply to every row: reads the <c>Roles</c>/<c>Messages</c> vectors (and optional
/// <c>SystemPrompt</c>) of a <see cref="Prediction.ChatRequest"/>-shaped row and writes <c>Reply</c>, <c>FinishReason</c>,
/// <c>PromptTokens</c>, <c>CompletionTokens</c> and <c>TokenLogProbs</c>. Saved into the model zip: the options, the PEFT
/// adapter files (adapter_config.json + adapter_model.safetensors, exactly as PEFT writes them) and a reference to the
/// base checkpoint (path + SHA-256 of its config, weight index and tokenizer); the base weights stay outside. The
/// options' saved fields are declared in <see cref="OptionsFormat"/>.
/// </summary>
public sealed class LlamaChatTransformer : StatefulTransformerBase, IDisposable
{
    internal const string LoaderSignature = "MedLlamaChatXf";

    /// <summary>options.json + the PEFT adapter files + a base checkpoint reference.</summary>
    internal const uint VersionSingleAdapter = 0x00010001;
    /// <summary>+ named adapters (named{i}.*), an embedded base checkpoint (base.*), the top-log-probs, adapter-column and embed options.</summary>
    internal const uint VersionNamedAdapters = 0x00010002;
    internal const uint VersionCurrent = VersionNamedAdapters;

    internal const string OptionsWhere = "'" + nameof(LlamaChatTransformer) + "' " + TransformerState.OptionsEntryName;

    /// <summary>The saved fields of <see cref="LlamaChatOptions"/> and the version that first wrote each.</summary>
    internal static readonly StateFields<LlamaChatOptions> OptionsFormat = new(() => new LlamaChatOptions(),
        StateField.Int<LlamaChatOptions>("MaxNewTokens", VersionSingleAdapter, o => o.MaxNewTokens, (o, v) => o with { MaxNewTokens = v }),
        StateField.Double<LlamaChatOptions>("Temperature", VersionSingleAdapter, o => o.Temperature, (o, v) => o with { Temperature = v }),
        StateField.Double<LlamaChatOptions>("TopP", VersionSingleAdapter, o => o.TopP, (o, v) => o with { TopP = v }),
        StateField.Int<LlamaChatOptions>("TopK", VersionSingleAdapter, o => o.TopK, (o, v) => o with { TopK = v }),
        StateField.Double<LlamaChatOptions>("RepetitionPenalty", VersionSingleAdapter, o => o.RepetitionPenalty, (o, v) => o with { RepetitionPenalty = v }),
        StateField.Long<LlamaChatOptions>("Seed", VersionSingleAdapter, o => o.Seed, (o, v) => o with { Seed = v }),
        StateField.String<LlamaChatOptions>("Dtype", VersionSingleAdapter, o => o.Dtype, (o, v) => o with { Dtype = v }),
        // PromptColumn was added while 0x00010001 was current: saves of that version may lack it.
        StateField.NullableString<LlamaChatOptions>("PromptColumn", VersionNamedAdapters, o => o.PromptColumn, (o, v) => o with { PromptColumn = v }),
        StateField.String<LlamaChatOptions>("DefaultSystemPrompt", VersionSingleAdapter, o => o.DefaultSystemPrompt, (o, v) => o with { DefaultSystemPrompt = v }),
        StateField.Int<LlamaChatOptions>("TopLogProbs", VersionNamedAdapters, o => o.TopLogProbs, (o, v) => o with { TopLogProbs = v }),
        StateField.NullableString<LlamaChatOptions>("AdapterColumn", VersionNamedAdapters, o => o.AdapterColumn, (o, v) => o with { AdapterColumn = v }),
        StateField.StringList<LlamaChatOptions>("NamedAdapters", VersionNamedAdapters, o => o.NamedAdapters, (o, v) => o with { NamedAdapters = v }),
        StateField.Bool<LlamaChatOptions>("EmbedBaseModel", VersionNamedAdapters, o => o.EmbedBaseModel, (o, v) => o with { EmbedBaseModel = v }));

    private readonly Lock engineGate = new();
    private readonly LlamaChatOptions options;
    private LlamaChatEngine? engine;

    internal LlamaChatTransformer(IHostEnvironment env, string baseModelDirectory, AdapterBlobs adapters, LlamaChatOptions options)
        : base(env, nameof(LlamaChatTransformer), MakeState(baseModelDirectory, adapters, options), options.EmbedBaseModel ? null : baseModelDirectory)
    {
        this.options = OptionsFormat.Read(State.OptionsJson, SavedVersion, OptionsWhere);
    }

    private static TransformerState MakeState(string baseModelDirectory, AdapterBlobs adapters, LlamaChatOptions options)
    {
        options = options with { NamedAdapters = [.. adapters.Named.Select(a => a.Name)] };
        if (options.AdapterColumn is null && adapters.Named.Count > 0)
            throw new ArgumentException("Named adapters are chosen per row through a column: set LlamaChatOptions.AdapterColumn.", nameof(options));
        if (adapters.Named.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != adapters.Named.Count || adapters.Named.Any(a => string.IsNullOrWhiteSpace(a.Name) || a.Name == LlamaChatOptions.BaseAdapterName))
            throw new ArgumentException($"Adapter names must be distinct, non-empty and not '{LlamaChatOptions.BaseAdapterName}'.", nameof(adapters));
        var blobs = adapters.ToState();
        var json = OptionsFormat.Write(options);
        if (!options.EmbedBaseModel) return new TransformerState(json, blobs, BaseModelReference.FromDirectory(baseModelDirectory));
        foreach (var (name, bytes) in EmbeddedBaseModel.ToBlobs(baseModelDirectory)) blobs[name] = bytes;
        return new TransformerState(json, blobs);
    }

    // SignatureLoadModel finds this constructor.
    private LlamaChatTransformer(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, nameof(LlamaChatTransformer), ctx, MakeVersionInfo())
    {
        options = OptionsFormat.Read(State.OptionsJson, SavedVersion, OptionsWhere);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) =>
        new LlamaChatTransformer(env, ctx).MakeRowMapper(inputSchema);

    internal static VersionInfo MakeVersionInfo() => new(
        modelSignature: "MEDLLCHT",
        verWrittenCur: VersionCurrent,
        verReadableCur: VersionNamedAdapters,
        verWeCanReadBack: VersionSingleAdapter,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LlamaChatTransformer).Assembly.FullName);

    /// <inheritdoc />
    private protected override VersionInfo GetVersionInfo() => MakeVersionInfo();

    /// <inheritdoc />
    protected override string WriteOptions() => OptionsFormat.Write(options);

    /// <summary>The generation settings saved with the model.</summary>
    public LlamaChatOptions Options => options;

    internal AdapterBlobs Adapters => AdapterBlobs.FromState(State.Blobs, Options.NamedAdapters);

    /// <summary>Whether a default PEFT adapter is carried (false for a zero-shot base model).</summary>
    public bool HasAdapter => Adapters.Default.Count > 0;

    /// <summary>Whether the base checkpoint's files are inside the model zip (<see cref="LlamaChatOptions.EmbedBaseModel"/>).</summary>
    public bool EmbedsBaseModel => EmbeddedBaseModel.IsIn(State.Blobs);

    /// <summary>The folder of the base checkpoint this transformer answers with (an embedded one is written to a cache folder).</summary>
    public string ModelDirectory => BaseModelDirectory ?? EmbeddedBaseModel.Materialize(State.Blobs);

    /// <summary>Bytes each named adapter adds in memory over the shared base (loads the model).</summary>
    public IReadOnlyDictionary<string, long> NamedAdapterBytes => Engine.Model.NamedAdapters;

    /// <summary>Writes the carried default PEFT adapter files into <paramref name="directory"/> (a folder PEFT and `medmlnet --adapter` load).</summary>
    public void SaveAdapter(string directory)
    {
        if (!HasAdapter) throw new InvalidOperationException("This chat transformer is zero-shot: it carries no adapter to save.");
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in Adapters.Default) IO.AtomicFile.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    internal LlamaChatEngine Engine
    {
        get
        {
            lock (engineGate) return engine ??= new LlamaChatEngine(ModelDirectory, Adapters, Options); // one model, however many threads ask
        }
    }

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new LlamaChatMapper(this, schema);

    /// <summary>Frees the loaded model (it is loaded again on the next use).</summary>
    public void Dispose()
    {
        lock (engineGate)
        {
            engine?.Dispose();
            engine = null;
        }
    }
}
