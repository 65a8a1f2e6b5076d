using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Hugging Face `LlamaConfig` (config.json), with its field names. Fields MedMLNet does not use are kept and
/// written back unchanged so a saved checkpoint loads in transformers.
/// </summary>
public sealed record LlamaConfig
{
    public int VocabSize { get; init; }
    public int HiddenSize { get; init; }
    public int IntermediateSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int NumKeyValueHeads { get; init; }
    public int HeadDim { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public string TorchDtype { get; init; } = "float32";
    public int? BosTokenId { get; init; }
    public int[] EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }

    /// <summary>The config.json object as read (unknown keys kept for round trips).</summary>
    public JsonObject Raw { get; init; } = new();

    /// <summary>Query heads per key/value head (GQA group size).</summary>
    public int KvGroups => NumAttentionHeads / NumKeyValueHeads;

    public static LlamaConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException(path, null, "config.json not found", "point --model at a Hugging Face checkpoint folder (config.json, *.safetensors)");
        return FromJson(JsonConfigFile.Read(path, "re-download config.json"), path);
    }

    public static LlamaConfig FromJson(JsonObject obj, string source = "config.json")
    {
        var r = new ConfigReader(obj, source);
        var modelType = r.String("model_type", "llama");
        if (modelType != "llama")
            throw new CheckpointException(source, "model_type", $"'{modelType}' is not supported", "MedMLNet loads Llama 3 checkpoints (model_type \"llama\")");
        var act = r.String("hidden_act", "silu");
        if (act != "silu") throw new CheckpointException(source, "hidden_act", $"'{act}' is not supported", "Llama uses \"silu\"");
        if (r.Bool("attention_bias", false)) throw new CheckpointException(source, "attention_bias", "true is not supported", "Llama 3 has no attention bias");
        if (r.Bool("mlp_bias", false)) throw new CheckpointException(source, "mlp_bias", "true is not supported", "Llama 3 has no MLP bias");

        var hidden = r.PositiveInt("hidden_size");
        var heads = r.PositiveInt("num_attention_heads");
        var kvHeads = r.OptionalInt("num_key_value_heads") ?? heads;
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw new CheckpointException(source, "num_key_value_heads", $"{kvHeads} must be positive and divide num_attention_heads ({heads})");
        var headDim = r.OptionalInt("head_dim") ?? (hidden % heads == 0 ? hidden / heads
            : throw new CheckpointException(source, "hidden_size", $"{hidden} is not divisible by num_attention_heads {heads} and head_dim is absent"));
        if (headDim <= 0 || headDim % 2 != 0) throw new CheckpointException(source, "head_dim", $"{headDim} must be a positive even number (RoPE rotates halves)");

        return new LlamaConfig
        {
            VocabSize = r.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = r.PositiveInt("intermediate_size"),
            NumHiddenLayers = r.PositiveInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            MaxPositionEmbeddings = r.OptionalInt("max_position_embeddings") ?? 2048,
            RmsNormEps = r.Double("rms_norm_eps", 1e-6),
            RopeTheta = r.Double("rope_theta", 10000),
            RopeScaling = ReadRopeScaling(obj["rope_scaling"], source),
            TieWordEmbeddings = r.Bool("tie_word_embeddings", false),
            TorchDtype = r.String("torch_dtype", r.String("dtype", "float32")),
            BosTokenId = r.OptionalInt("bos_token_id"),
            EosTokenIds = r.IntOrList("eos_token_id"),
            PadTokenId = r.OptionalInt("pad_token_id"),
            Raw = (JsonObject)obj.DeepClone(),
        };
    }

    private static RopeScaling? ReadRopeScaling(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject o) throw new CheckpointException(source, "rope_scaling", "must be an object or null");
        var r = new ConfigReader(o, source, "rope_scaling.");
        var type = r.String("rope_type", r.String("type", "default"));
        if (type == "default") return null;
        if (type != "llama3")
            throw new CheckpointException(source, "rope_scaling.rope_type", $"'{type}' is not supported",
                "MedMLNet implements \"llama3\" scaling (Llama 3.1/3.2) and plain RoPE; other rope types would silently give a wrong model");
        return new RopeScaling(type, r.Double("factor", double.NaN), r.Double("low_freq_factor", double.NaN),
            r.Double("high_freq_factor", double.NaN), r.PositiveInt("original_max_position_embeddings")) switch
        {
            var s when double.IsNaN(s.Factor) || double.IsNaN(s.LowFreqFactor) || double.IsNaN(s.HighFreqFactor) =>
                throw new CheckpointException(source, "rope_scaling", "llama3 scaling needs factor, low_freq_factor and high_freq_factor"),
            var s when s.HighFreqFactor <= s.LowFreqFactor =>
                throw new CheckpointException(source, "rope_scaling", "high_freq_factor must exceed low_freq_factor"),
            var s => s,
        };
    }

    /// <summary>The config.json object to write: the original keys, with MedMLNet's values over them.</summary>
    public JsonObject ToJson()
    {
        var o = (JsonObject)Raw.DeepClone();
        o["architectures"] ??= new JsonArray("LlamaForCausalLM");
        o["model_type"] = "llama";
        o["vocab_size"] = VocabSize;
        o["hidden_size"] = HiddenSize;
        o["intermediate_size"] = IntermediateSize;
        o["num_hidden_layers"] = NumHiddenLayers;
        o["num_attention_heads"] = NumAttentionHeads;
        o["num_key_value_heads"] = NumKeyValueHeads;
        o["head_dim"] = HeadDim;
        o["max_position_embeddings"] = MaxPositionEmbeddings;
        o["rms_norm_eps"] = RmsNormEps;
        o["rope_theta"] = RopeTheta;
        o["rope_scaling"] = RopeScaling is null ? null : new JsonObject
        {
            ["factor"] = RopeScaling.Factor,
            ["high_freq_factor"] = RopeScaling.HighFreqFactor,
            ["low_freq_factor"] = RopeScaling.LowFreqFactor,
            ["original_max_position_embeddings"] = RopeScaling.OriginalMaxPositionEmbeddings,
            ["rope_type"] = RopeScaling.RopeType,
        };
        o["tie_word_embeddings"] = TieWordEmbeddings;
        o["torch_dtype"] = TorchDtype;
        o["hidden_act"] ??= "silu";
        o["attention_bias"] ??= false;
        o["mlp_bias"] ??= false;
        if (BosTokenId is int bos) o["bos_token_id"] = bos;
        if (EosTokenIds.Length == 1) o["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Length > 1) o["eos_token_id"] = new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        return o;
    }
}
