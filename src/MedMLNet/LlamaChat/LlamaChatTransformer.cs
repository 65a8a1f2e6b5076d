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
/// base checkpoint (path + SHA-256 of its config, weight index and tokenizer); the base weights stay outside.
/// </summary>
public sealed class LlamaChatTransformer : StatefulTransformerBase, IDisposable
{
    internal const string LoaderSignature = "MedLlamaChatXf";
    private readonly Lock engineGate = new();
    private LlamaChatEngine? engine;

    internal LlamaChatTransformer(IHostEnvironment env, string baseModelDirectory, AdapterBlobs adapters, LlamaChatOptions options)
        : base(env, nameof(LlamaChatTransformer), MakeState(baseModelDirectory, adapters, options), options.EmbedBaseModel ? null : baseModelDirectory)
    {
    }

    private static TransformerState MakeState(string baseModelDirectory, AdapterBlobs adapters, LlamaChatOptions options)
    {
        options = options with { NamedAdapters = [.. adapters.Named.Select(a => a.Name)] };
        if (options.AdapterColumn is null && adapters.Named.Count > 0)
            throw new ArgumentException("Named adapters are chosen per row through a column: set LlamaChatOptions.AdapterColumn.", nameof(options));
        if (adapters.Named.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != adapters.Named.Count || adapters.Named.Any(a => string.IsNullOrWhiteSpace(a.Name) || a.Name == LlamaChatOptions.BaseAdapterName))
            throw new ArgumentException($"Adapter names must be distinct, non-empty and not '{LlamaChatOptions.BaseAdapterName}'.", nameof(adapters));
        var blobs = adapters.ToState();
        if (!options.EmbedBaseModel) return TransformerState.FromOptions(options, blobs, BaseModelReference.FromDirectory(baseModelDirectory));
        foreach (var (name, bytes) in EmbeddedBaseModel.ToBlobs(baseModelDirectory)) blobs[name] = bytes;
        return TransformerState.FromOptions(options, blobs);
    }

    // SignatureLoadModel finds this constructor.
    private LlamaChatTransformer(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, nameof(LlamaChatTransformer), ctx, MakeVersionInfo())
    {
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) =>
        new LlamaChatTransformer(env, ctx).MakeRowMapper(inputSchema);

    internal static VersionInfo MakeVersionInfo() => new(
        modelSignature: "MEDLLCHT",
        // 0x00010001: options.json + PEFT adapter files + base checkpoint reference.
        // 0x00010002: + named adapters (named{i}.*), embedded base checkpoint (base.*), top-k and adapter-column options.
        verWrittenCur: 0x00010002,
        verReadableCur: 0x00010002,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LlamaChatTransformer).Assembly.FullName);

    /// <inheritdoc />
    private protected override VersionInfo GetVersionInfo() => MakeVersionInfo();

    /// <summary>The generation settings saved with the model.</summary>
    public LlamaChatOptions Options => State.Options<LlamaChatOptions>();

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
