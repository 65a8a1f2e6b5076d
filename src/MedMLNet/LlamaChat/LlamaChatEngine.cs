using MedMLNet.IO;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;

namespace MedMLNet.LlamaChat;

/// <summary>One reply with everything a ChatReply row carries.</summary>
internal sealed record LlamaChatAnswer(ChatCompletion Completion, string[] Tokens, string[] TopTokens, float[] TopTokenLogProbs, float Confidence)
{
    public string FinishReason => Completion.FinishReason == Llama.Generation.FinishReason.Length ? "length" : "stop";
    public float[] TokenLogProbs => [.. Completion.Tokens.Select(t => t.LogProb)];
}

/// <summary>
/// The loaded model behind a <see cref="LlamaChatTransformer"/>: a <see cref="ChatModel"/> over the base checkpoint with
/// the carried PEFT adapter (the default path) and any named LoRA adapters beside it, loaded on first use and shared by
/// every row mapper and prediction engine of the transformer. One generation runs at a time (ChatModel serialises them);
/// prompts too long for the context window keep their newest turns (<see cref="ContextWindowPolicy"/>).
/// </summary>
internal sealed class LlamaChatEngine(string baseModelDirectory, AdapterBlobs adapters, LlamaChatOptions options) : IDisposable
{
    private readonly Lock gate = new();
    private ChatModel? loaded;

    /// <summary>The chat model (loaded now if it was not).</summary>
    public ChatModel Model
    {
        get { lock (gate) return loaded ??= Load(); }
    }

    /// <summary>Answers one conversation with the default adapter (null), the base alone ("") or a named adapter.</summary>
    public LlamaChatAnswer Answer(IReadOnlyList<ChatMessage> conversation, string? adapter = null, CancellationToken ct = default)
    {
        lock (gate)
        {
            var model = loaded ??= Load();
            var completion = model.Complete(conversation, new ChatCompletionOptions
            {
                MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, TopP = options.TopP, TopK = options.TopK,
                RepetitionPenalty = options.RepetitionPenalty, Seed = options.Seed, TopLogProbs = options.TopLogProbs, Adapter = adapter,
            }, ct);
            string Text(int id) => model.Tokenizer.Decode([id], skipSpecialTokens: false);
            var top = completion.Tokens.SelectMany(t => t.TopAlternatives).ToArray();
            return new LlamaChatAnswer(completion, [.. completion.Tokens.Select(t => Text(t.TokenId))], [.. top.Select(t => Text(t.TokenId))],
                [.. top.Select(t => t.LogProb)], (float)Llama.Generation.ReplyConfidence.From(completion.Tokens).GeometricMeanProb);
        }
    }

    /// <summary>Perplexity of each conversation's last (assistant) message given the rest: exp(ΣNLL / Σtokens).</summary>
    public double Score(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations)
    {
        lock (gate)
        {
            var model = loaded ??= Load();
            var scorer = new SequenceScorer(model.Model, model.Prefix);
            return SequenceScorer.Perplexity(conversations.Select(c => model.Template.EncodeForTraining(c)).Select(s => scorer.Score(new TrainingExample(s.Ids, s.Labels))).ToList());
        }
    }

    private ChatModel Load()
    {
        var scratch = Directory.CreateTempSubdirectory("medmlnet-adapters-");
        try
        {
            string? main = adapters.Default.Count == 0 ? null : Write(scratch.FullName, "default", adapters.Default);
            var model = ChatModel.Load(baseModelDirectory, main, Llama.Modules.DTypes.Parse(options.Dtype));
            try
            {
                foreach (var (name, files) in adapters.Named) model.LoadAdapter(name, Write(scratch.FullName, $"named{model.NamedAdapters.Count}", files));
                return model;
            }
            catch { model.Dispose(); throw; }
        }
        catch (Exception e) when (e is FormatException or InvalidDataException && e.Message.Contains(scratch.FullName, StringComparison.Ordinal))
        {
            // The adapter files were written from the zip's blobs into a scratch folder that is gone by now: name the blobs.
            var where = e.Message.Replace(scratch.FullName + Path.DirectorySeparatorChar + "default" + Path.DirectorySeparatorChar, "")
                .Replace(scratch.FullName + Path.DirectorySeparatorChar, "").Replace(Path.DirectorySeparatorChar.ToString(), ".");
            throw new InvalidDataException($"A PEFT adapter carried in the model zip cannot be applied: {where.TrimEnd('.')}. The model zip is damaged or was crafted; re-save it from a good adapter.", e);
        }
        finally { scratch.Delete(recursive: true); }
    }

    private static string Write(string root, string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
        foreach (var (name, bytes) in files) AtomicFile.WriteAllBytes(Path.Combine(dir, name), bytes);
        return dir;
    }

    public void Dispose()
    {
        lock (gate)
        {
            loaded?.Dispose();
            loaded = null;
        }
    }
}
