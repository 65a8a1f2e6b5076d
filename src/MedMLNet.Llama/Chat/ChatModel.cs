using System.Runtime.CompilerServices;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Chat;

/// <summary>
/// A Llama 3 Instruct model ready to chat: the chat template (injection-safe: user text never becomes control tokens),
/// the <see cref="ContextWindowPolicy"/>, greedy or seeded sampling, text stop sequences, and UTF-8-safe streaming.
/// A reply ends at the end-of-turn token (every eos id, &lt;|eot_id|&gt; and &lt;|start_header_id|&gt; stop it), so it never
/// continues as a new user turn. One generation runs at a time per instance (callers on other threads wait).
/// </summary>
public sealed class ChatModel : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly PeftAdapter? adapter;
    private readonly bool ownsModel;
    private readonly LlamaGenerator generator, plainGenerator;
    private AdapterSet? adapters;
    private readonly ContextWindowPolicy policy;
    private readonly int[] stopIds;

    /// <summary>Wraps a loaded model and tokenizer (not disposed by this instance).</summary>
    public ChatModel(LlamaForCausalLM model, Llama3Tokenizer tokenizer, PrefixEncoder? prefix = null, string? modelId = null)
        : this(model, tokenizer, prefix, modelId, null, ownsModel: false) { }

    private ChatModel(LlamaForCausalLM model, Llama3Tokenizer tokenizer, PrefixEncoder? prefix, string? modelId, PeftAdapter? adapter, bool ownsModel)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        this.adapter = adapter;
        this.ownsModel = ownsModel;
        Template = new ChatTemplate(tokenizer);
        policy = new ContextWindowPolicy(Template, tokenizer);
        generator = new LlamaGenerator(model, prefix);
        plainGenerator = prefix is null ? generator : new LlamaGenerator(model);
        Prefix = prefix;
        PrefixTokens = (int)(prefix?.NumVirtualTokens ?? 0);
        ModelId = modelId ?? (model.SourceDirectory is { } dir ? Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar)) : "llama");
        stopIds = model.GenerationConfig.EosTokenIds.Concat(tokenizer.EosIds).Append(tokenizer.EndOfTurnId).Append(tokenizer.StartHeaderId)
            .Where(id => id >= 0 && id < model.Config.VocabSize).Distinct().ToArray();
    }

    /// <summary>Loads a checkpoint folder (with its tokenizer) and optionally a PEFT adapter folder (LoRA or prefix).</summary>
    public static ChatModel Load(string modelDir, string? adapterDir = null, ScalarType dtype = ScalarType.Float32)
    {
        if (!Directory.Exists(modelDir)) throw new DirectoryNotFoundException($"model folder '{modelDir}' not found; pass a Hugging Face Llama 3 checkpoint folder (config.json, *.safetensors, tokenizer.json).");
        if (adapterDir != null && !Directory.Exists(adapterDir)) throw new DirectoryNotFoundException($"adapter folder '{adapterDir}' not found; pass a folder with adapter_config.json, or leave the adapter out.");
        var tokenizer = Llama3Tokenizer.FromPretrained(modelDir);
        var model = LlamaForCausalLM.FromPretrained(modelDir, dtype);
        try
        {
            var adapter = adapterDir is null ? null : PeftAdapter.Apply(model, adapterDir);
            return new ChatModel(model, tokenizer, adapter?.Prefix, null, adapter, ownsModel: true);
        }
        catch { model.Dispose(); throw; }
    }

    public LlamaForCausalLM Model { get; }
    public Llama3Tokenizer Tokenizer { get; }
    public ChatTemplate Template { get; }
    /// <summary>A short name of the model (its folder name).</summary>
    public string ModelId { get; }
    /// <summary>max_position_embeddings: prompt + prefix + reply must fit in it.</summary>
    public int ContextWindow => Model.Config.MaxPositionEmbeddings;
    /// <summary>The prefix-tuning adapter the model answers with by default (null without one).</summary>
    public PrefixEncoder? Prefix { get; }
    /// <summary>Virtual tokens of a prefix-tuning adapter (0 without one).</summary>
    public int PrefixTokens { get; }
    /// <summary>Token ids that end a reply.</summary>
    public IReadOnlyList<int> StopTokenIds => stopIds;

    /// <summary>Names of the LoRA adapters loaded with <see cref="LoadAdapter"/>, with the bytes each one costs.</summary>
    public IReadOnlyDictionary<string, long> NamedAdapters => adapters?.BytesPerAdapter ?? new Dictionary<string, long>();

    /// <summary>
    /// Loads a PEFT LoRA adapter folder under <paramref name="name"/> beside the base weights (held once, never merged,
    /// never reloaded); a request picks it with <see cref="ChatCompletionOptions.Adapter"/>. Returns the bytes it added.
    /// </summary>
    public long LoadAdapter(string name, string adapterDir)
    {
        if (!Directory.Exists(adapterDir)) throw new DirectoryNotFoundException($"adapter folder '{adapterDir}' not found; pass a PEFT LoRA folder with adapter_config.json.");
        gate.Wait();
        try { return (adapters ??= new AdapterSet(Model)).Load(name, adapterDir); }
        finally { gate.Release(); }
    }

    /// <summary>The prompt that would be sent for <paramref name="messages"/>, after the context-window policy.</summary>
    public PromptFit FitPrompt(IReadOnlyList<ChatMessage> messages, int maxNewTokens) =>
        policy.Fit(messages, ContextWindow - PrefixTokens - maxNewTokens);

    /// <summary>Answers the conversation (its last message is normally the user's).</summary>
    public ChatCompletion Complete(IReadOnlyList<ChatMessage> messages, ChatCompletionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ChatCompletionOptions();
        gate.Wait(cancellationToken);
        try
        {
            var run = Run(messages, options, cancellationToken);
            using var routing = Route(options.Adapter);
            foreach (var _ in run.Deltas(cancellationToken).ToBlockingEnumerable(cancellationToken)) { }
            return run.Result!;
        }
        finally { gate.Release(); }
    }

    /// <summary>Streams the reply as text pieces (never a broken UTF-8 character, stop sequences held back and cut).</summary>
    public IAsyncEnumerable<string> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatCompletionOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamAsync(messages, options, static _ => { }, cancellationToken);

    /// <summary>Streams like <see cref="StreamAsync"/> and hands back the finished <see cref="ChatCompletion"/> at the end.</summary>
    public async IAsyncEnumerable<string> StreamAsync(IReadOnlyList<ChatMessage> messages, ChatCompletionOptions? options,
        Action<ChatCompletion> completed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ChatCompletionOptions();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var run = Run(messages, options, cancellationToken);
            using var routing = Route(options.Adapter);
            await foreach (var delta in run.Deltas(cancellationToken).ConfigureAwait(false)) yield return delta;
            completed(run.Result!);
        }
        finally { gate.Release(); }
    }

    private ChatRun Run(IReadOnlyList<ChatMessage> messages, ChatCompletionOptions options, CancellationToken ct)
    {
        var generation = options.ToGeneration(stopIds);
        var fit = FitPrompt(messages, options.MaxNewTokens);
        ct.ThrowIfCancellationRequested();
        return new ChatRun(options.Adapter is null ? generator : plainGenerator, Tokenizer, fit, generation, options.StopSequences);
    }

    // null: the default path (the adapter given to Load, if any); "" the base alone; a name: that LoRA adapter alone.
    private IDisposable? Route(string? adapter)
    {
        if (adapter is null) return null;
        if (adapter.Length == 0) return (adapters ??= new AdapterSet(Model)).Use((string?)null);
        if (adapters is null || !adapters.BytesPerAdapter.ContainsKey(adapter))
            throw new ArgumentException($"no adapter named '{adapter}' is loaded; loaded: [{string.Join(", ", NamedAdapters.Keys)}]. Load it with LoadAdapter(name, folder).");
        return adapters.Use(adapter);
    }

    public void Dispose()
    {
        adapters?.Dispose();
        adapter?.Dispose();
        if (ownsModel) Model.Dispose();
        gate.Dispose();
    }
}
