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
    private LlamaChatEngine? engine;

    internal LlamaChatTransformer(IHostEnvironment env, string baseModelDirectory, IReadOnlyDictionary<string, byte[]> adapterFiles, LlamaChatOptions options)
        : base(env, nameof(LlamaChatTransformer), TransformerState.FromOptions(options, adapterFiles, BaseModelReference.FromDirectory(baseModelDirectory)), baseModelDirectory)
    {
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
        verWrittenCur: 0x00010001, // options.json + PEFT adapter files + base checkpoint reference
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(LlamaChatTransformer).Assembly.FullName);

    /// <inheritdoc />
    protected override VersionInfo GetVersionInfo() => MakeVersionInfo();

    /// <summary>The generation settings saved with the model.</summary>
    public LlamaChatOptions Options => State.Options<LlamaChatOptions>();

    /// <summary>Whether a PEFT adapter is carried (false for a zero-shot base model).</summary>
    public bool HasAdapter => State.Blobs.Count > 0;

    /// <summary>Writes the carried PEFT adapter files into <paramref name="directory"/> (a folder PEFT and `medmlnet --adapter` load).</summary>
    public void SaveAdapter(string directory)
    {
        if (!HasAdapter) throw new InvalidOperationException("This chat transformer is zero-shot: it carries no adapter to save.");
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in State.Blobs) IO.AtomicFile.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    internal LlamaChatEngine Engine => engine ??= new LlamaChatEngine(BaseModelDirectory!, State.Blobs, Options);

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new LlamaChatMapper(this, schema);

    /// <summary>Frees the loaded model (it is loaded again on the next use).</summary>
    public void Dispose()
    {
        engine?.Dispose();
        engine = null;
    }
}
