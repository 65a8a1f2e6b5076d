using MedMLNet.IO;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;

namespace MedMLNet.LlamaChat;

/// <summary>One reply with what ML.NET's ChatReply row carries.</summary>
public sealed record LlamaChatAnswer(string Reply, string FinishReason, int PromptTokens, int CompletionTokens, float[] TokenLogProbs);

/// <summary>
/// The loaded model behind a <see cref="LlamaChatTransformer"/>: base checkpoint (+ PEFT adapter files), tokenizer and
/// chat template, loaded on first use and shared by every row mapper and prediction engine of the transformer. One
/// generation runs at a time (the model's forward is not thread-safe); prompts too long for the context window keep
/// their newest messages.
/// </summary>
internal sealed class LlamaChatEngine(string baseModelDirectory, IReadOnlyDictionary<string, byte[]> adapterFiles, LlamaChatOptions options) : IDisposable
{
    private readonly Lock gate = new();
    private (LlamaForCausalLM Model, PeftAdapter? Adapter, Llama3Tokenizer Tokenizer, ChatTemplate Template)? loaded;

    public LlamaChatAnswer Answer(IReadOnlyList<ChatMessage> conversation, CancellationToken ct = default)
    {
        lock (gate)
        {
            var (model, adapter, tokenizer, template) = loaded ??= Load();
            var messages = conversation.ToList();
            if (options.DefaultSystemPrompt.Length > 0 && messages.All(m => m.Role != ChatRoles.System)) messages.Insert(0, ChatMessage.System(options.DefaultSystemPrompt));
            var room = model.Config.MaxPositionEmbeddings - options.MaxNewTokens - (int)(adapter?.Prefix?.NumVirtualTokens ?? 0);
            var prompt = template.Encode(messages, addGenerationPrompt: true);
            while (prompt.Length > room && messages.Count(m => m.Role != ChatRoles.System) > 1)
            {
                messages.RemoveAt(messages.FindIndex(m => m.Role != ChatRoles.System));
                prompt = template.Encode(messages, addGenerationPrompt: true);
            }
            if (prompt.Length > room) prompt = [tokenizer.BosId, .. prompt[^(room - 1)..]];
            var generation = new GenerationOptions
            {
                MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, TopP = options.TopP, TopK = options.TopK,
                RepetitionPenalty = options.RepetitionPenalty, Seed = options.Seed,
            };
            var result = new LlamaGenerator(model, adapter?.Prefix).Generate([prompt], generation, ct)[0];
            var stop = model.GenerationConfig.EosTokenIds;
            var text = tokenizer.Decode(result.Ids.Where(id => !stop.Contains(id)), skipSpecialTokens: true).Trim();
            return new LlamaChatAnswer(text, result.FinishReason == FinishReason.Length ? "length" : "stop", prompt.Length, result.Tokens.Count,
                result.Tokens.Select(t => t.LogProb).ToArray());
        }
    }

    /// <summary>Perplexity of each conversation's last (assistant) message given the rest: exp(ΣNLL / Σtokens).</summary>
    public double Score(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations)
    {
        lock (gate)
        {
            var (model, adapter, _, template) = loaded ??= Load();
            var scorer = new SequenceScorer(model, adapter?.Prefix);
            return SequenceScorer.Perplexity(conversations.Select(c => template.EncodeForTraining(c)).Select(s => scorer.Score(new TrainingExample(s.Ids, s.Labels))).ToList());
        }
    }

    private (LlamaForCausalLM, PeftAdapter?, Llama3Tokenizer, ChatTemplate) Load()
    {
        var model = LlamaForCausalLM.FromPretrained(baseModelDirectory, DTypes.Parse(options.Dtype));
        try
        {
            PeftAdapter? adapter = null;
            if (adapterFiles.Count > 0)
            {
                var dir = Directory.CreateTempSubdirectory("medmlnet-adapter-");
                try
                {
                    foreach (var (name, bytes) in adapterFiles) AtomicFile.WriteAllBytes(Path.Combine(dir.FullName, name), bytes);
                    adapter = PeftAdapter.Apply(model, dir.FullName);
                }
                finally { dir.Delete(recursive: true); }
            }
            var tokenizer = Llama3Tokenizer.FromPretrained(baseModelDirectory);
            return (model, adapter, tokenizer, new ChatTemplate(tokenizer));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            loaded?.Adapter?.Dispose();
            loaded?.Model.Dispose();
            loaded = null;
        }
    }
}
