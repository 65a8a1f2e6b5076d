using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.IO;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Saves a model as a Hugging Face checkpoint folder: config.json, generation_config.json, model.safetensors or
/// model-0000k-of-0000n.safetensors shards with model.safetensors.index.json, and the tokenizer files copied from
/// the source folder. Tied embeddings are stored once (no lm_head.weight), as transformers does.
/// </summary>
public static class CheckpointWriter
{
    public static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "original/tokenizer.model"];

    /// <param name="maxShardBytes">Shard when the weights exceed this (transformers' default is 5 GB).</param>
    /// <param name="weights">Tensors to store instead of the model's own, by HF name (e.g. the fp32 master weights of a bf16 fine-tune).</param>
    public static void Save(LlamaForCausalLM model, string dir, ScalarType? dtype = null, long maxShardBytes = 5_000_000_000, string? tokenizerSource = null,
        IReadOnlyDictionary<string, Tensor>? weights = null)
    {
        Directory.CreateDirectory(dir);
        var storeType = dtype ?? model.DType;
        var tensors = StateDict(model);
        if (weights != null)
            foreach (var (name, t) in weights)
            {
                if (!tensors.TryGetValue(name, out var own)) throw new ArgumentException($"'{name}' is not a weight of this model.", nameof(weights));
                if (!own.shape.SequenceEqual(t.shape)) throw new ArgumentException($"'{name}': shape [{string.Join(", ", t.shape)}] is not the model's [{string.Join(", ", own.shape)}].", nameof(weights));
                tensors[name] = t;
            }
        using var scope = NewDisposeScope();
        var converted = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.dtype == storeType ? kv.Value.detach() : kv.Value.detach().to(storeType), StringComparer.Ordinal);
        var shards = Shard(converted, maxShardBytes);
        var indexPath = Path.Combine(dir, LlamaCheckpoint.IndexFile);
        if (shards.Count == 1)
        {
            SafeTensorsWriter.Save(Path.Combine(dir, LlamaCheckpoint.SingleFile), shards[0]);
            if (File.Exists(indexPath)) File.Delete(indexPath);
        }
        else
        {
            var map = new JsonObject();
            for (var i = 0; i < shards.Count; i++)
            {
                var name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                SafeTensorsWriter.Save(Path.Combine(dir, name), shards[i]);
                foreach (var key in shards[i].Keys.OrderBy(k => k, StringComparer.Ordinal)) map[key] = name;
            }
            var total = converted.Values.Sum(t => t.numel() * t.ElementSize);
            var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = map };
            AtomicFile.WriteAllText(indexPath, index.ToJsonString(Indented) + "\n");
            var single = Path.Combine(dir, LlamaCheckpoint.SingleFile);
            if (File.Exists(single)) File.Delete(single);
        }
        var config = model.Config with { TorchDtype = DTypes.Name(storeType) };
        AtomicFile.WriteAllText(Path.Combine(dir, LlamaCheckpoint.ConfigFile), config.ToJson().ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, LlamaCheckpoint.GenerationConfigFile), model.GenerationConfig.ToJson().ToJsonString(Indented) + "\n");
        var source = tokenizerSource ?? model.SourceDirectory;
        if (source != null && Path.GetFullPath(source) != Path.GetFullPath(dir)) CopyTokenizer(source, dir);
    }

    /// <summary>The model's Hugging Face state dict (names → live parameters; lm_head omitted when tied).</summary>
    public static Dictionary<string, Tensor> StateDict(LlamaForCausalLM model)
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [LlamaKeys.EmbedTokens] = model.model.embed_tokens.weight,
            [LlamaKeys.Norm] = model.model.norm.weight,
        };
        foreach (var (layer, i) in model.model.Layers.Select((l, i) => (l, i)))
        {
            dict[LlamaKeys.InputLayernorm(i)] = layer.input_layernorm.weight;
            dict[LlamaKeys.PostAttentionLayernorm(i)] = layer.post_attention_layernorm.weight;
        }
        foreach (var p in model.Projections()) dict[p.Key] = p.weight;
        if (!model.Config.TieWordEmbeddings) dict[LlamaKeys.LmHead] = model.lm_head.weight;
        return dict;
    }

    public static void CopyTokenizer(string sourceDir, string dir)
    {
        foreach (var f in TokenizerFiles)
        {
            var from = Path.Combine(sourceDir, f);
            if (!File.Exists(from)) continue;
            var to = Path.Combine(dir, f);
            AtomicFile.Write(to, s => { using var input = File.OpenRead(from); input.CopyTo(s); });
        }
    }

    private static List<Dictionary<string, Tensor>> Shard(Dictionary<string, Tensor> tensors, long maxBytes)
    {
        var shards = new List<Dictionary<string, Tensor>> { new(StringComparer.Ordinal) };
        long size = 0;
        foreach (var (key, t) in tensors.OrderBy(kv => LayerOrder(kv.Key)).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var bytes = t.numel() * t.ElementSize;
            if (size > 0 && size + bytes > maxBytes) { shards.Add(new(StringComparer.Ordinal)); size = 0; }
            shards[^1][key] = t;
            size += bytes;
        }
        return shards;
    }

    private static int LayerOrder(string key) =>
        LlamaKeys.LayerOf(key) is int layer ? layer + 1 : key == LlamaKeys.EmbedTokens ? 0 : int.MaxValue;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
