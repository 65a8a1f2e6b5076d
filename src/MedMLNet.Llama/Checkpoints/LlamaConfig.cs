using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Hugging Face `LlamaConfig` (config.json), with its field names. Fields MedMLNet does not use are kept and
/// written back unchanged so a saved checkpoint loads in transformers.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>config.json's key names (transformers' LlamaConfig attributes).</summary>
    public static class Keys
    {
        public const string ModelType = "model_type", Architectures = "architectures", HiddenAct = "hidden_act";
        public const string AttentionBias = "attention_bias", MlpBias = "mlp_bias";
        public const string VocabSize = "vocab_size", HiddenSize = "hidden_size", IntermediateSize = "intermediate_size";
        public const string NumHiddenLayers = "num_hidden_layers", NumAttentionHeads = "num_attention_heads", NumKeyValueHeads = "num_key_value_heads";
        public const string HeadDim = "head_dim", MaxPositionEmbeddings = "max_position_embeddings", RmsNormEps = "rms_norm_eps";
        public const string RopeTheta = "rope_theta", RopeScaling = "rope_scaling", TieWordEmbeddings = "tie_word_embeddings";
        public const string TorchDtype = "torch_dtype", Dtype = "dtype", BosTokenId = "bos_token_id", EosTokenId = "eos_token_id", PadTokenId = "pad_token_id";
        // inside rope_scaling
        public const string RopeType = "rope_type", RopeTypeLegacy = "type", Factor = "factor", LowFreqFactor = "low_freq_factor";
        public const string HighFreqFactor = "high_freq_factor", OriginalMaxPositionEmbeddings = "original_max_position_embeddings";
    }

    /// <summary>transformers' LlamaConfig defaults for the keys a config.json may omit.</summary>
    public const int DefaultMaxPositionEmbeddings = 2048;
    public const double DefaultRmsNormEps = 1e-6;
    public const double DefaultRopeTheta = 10000;
    public const string DefaultTorchDtype = "float32";
    public const string ModelTypeLlama = "llama", ActivationSilu = "silu", RopeTypeLlama3 = "llama3", RopeTypeDefault = "default";

    public int VocabSize { get; init; }
    public int HiddenSize { get; init; }
    public int IntermediateSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int NumKeyValueHeads { get; init; }
    public int HeadDim { get; init; }
    public int MaxPositionEmbeddings { get; init; } = DefaultMaxPositionEmbeddings;
    public double RmsNormEps { get; init; } = DefaultRmsNormEps;
    public double RopeTheta { get; init; } = DefaultRopeTheta;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public string TorchDtype { get; init; } = DefaultTorchDtype;
    public int? BosTokenId { get; init; }
    public int[] EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }

    /// <summary>meta-llama/Llama-3.2-1B's config.json: 16 layers of width 2048 (32 query, 8 KV heads of 64), tied embeddings, llama3 RoPE scaling.</summary>
    public static LlamaConfig Llama32_1B() => new()
    {
        VocabSize = 128256, HiddenSize = 2048, IntermediateSize = 8192, NumHiddenLayers = 16, NumAttentionHeads = 32, NumKeyValueHeads = 8,
        HeadDim = 64, MaxPositionEmbeddings = 131072, RmsNormEps = 1e-5, RopeTheta = 500000,
        RopeScaling = new RopeScaling(RopeTypeLlama3, Factor: 32, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192),
        TieWordEmbeddings = true, TorchDtype = "bfloat16", BosTokenId = 128000, EosTokenIds = [128001],
    };

    /// <summary>meta-llama/Llama-3.2-3B's config.json: 28 layers of width 3072 (24 query, 8 KV heads of 128), tied embeddings, llama3 RoPE scaling.</summary>
    public static LlamaConfig Llama32_3B() => Llama32_1B() with
    {
        HiddenSize = 3072, IntermediateSize = 8192, NumHiddenLayers = 28, NumAttentionHeads = 24, NumKeyValueHeads = 8, HeadDim = 128,
    };

    /// <summary>meta-llama/Meta-Llama-3-8B's config.json: 32 layers of width 4096 (32 query, 8 KV heads of 128), plain RoPE, 8192 positions.</summary>
    public static LlamaConfig Llama3_8B() => new()
    {
        VocabSize = 128256, HiddenSize = 4096, IntermediateSize = 14336, NumHiddenLayers = 32, NumAttentionHeads = 32, NumKeyValueHeads = 8,
        HeadDim = 128, MaxPositionEmbeddings = 8192, RmsNormEps = 1e-5, RopeTheta = 500000, RopeScaling = null,
        TieWordEmbeddings = false, TorchDtype = "bfloat16", BosTokenId = 128000, EosTokenIds = [128001],
    };

    /// <summary>meta-llama/Llama-3.1-8B's config.json: Llama 3 8B with llama3 RoPE scaling (factor 8) over 131072 positions.</summary>
    public static LlamaConfig Llama31_8B() => Llama3_8B() with
    {
        MaxPositionEmbeddings = 131072,
        RopeScaling = new RopeScaling(RopeTypeLlama3, Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192),
    };

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
        var modelType = r.String(Keys.ModelType, ModelTypeLlama);
        if (modelType != ModelTypeLlama)
            throw new CheckpointException(source, Keys.ModelType, $"'{modelType}' is not supported", "MedMLNet loads Llama 3 checkpoints (model_type \"llama\")");
        var act = r.String(Keys.HiddenAct, ActivationSilu);
        if (act != ActivationSilu) throw new CheckpointException(source, Keys.HiddenAct, $"'{act}' is not supported", "Llama uses \"silu\"");
        if (r.Bool(Keys.AttentionBias, false)) throw new CheckpointException(source, Keys.AttentionBias, "true is not supported", "Llama 3 has no attention bias");
        if (r.Bool(Keys.MlpBias, false)) throw new CheckpointException(source, Keys.MlpBias, "true is not supported", "Llama 3 has no MLP bias");

        var hidden = r.PositiveInt(Keys.HiddenSize);
        var heads = r.PositiveInt(Keys.NumAttentionHeads);
        var kvHeads = r.OptionalInt(Keys.NumKeyValueHeads) ?? heads;
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw new CheckpointException(source, Keys.NumKeyValueHeads, $"{kvHeads} must be positive and divide {Keys.NumAttentionHeads} ({heads})");
        var headDim = r.OptionalInt(Keys.HeadDim) ?? (hidden % heads == 0 ? hidden / heads
            : throw new CheckpointException(source, Keys.HiddenSize, $"{hidden} is not divisible by {Keys.NumAttentionHeads} {heads} and {Keys.HeadDim} is absent"));
        if (headDim <= 0 || headDim % 2 != 0) throw new CheckpointException(source, Keys.HeadDim, $"{headDim} must be a positive even number (RoPE rotates halves)");

        return new LlamaConfig
        {
            VocabSize = r.PositiveInt(Keys.VocabSize),
            HiddenSize = hidden,
            IntermediateSize = r.PositiveInt(Keys.IntermediateSize),
            NumHiddenLayers = r.PositiveInt(Keys.NumHiddenLayers),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            MaxPositionEmbeddings = r.OptionalInt(Keys.MaxPositionEmbeddings) ?? DefaultMaxPositionEmbeddings,
            RmsNormEps = r.Double(Keys.RmsNormEps, DefaultRmsNormEps),
            RopeTheta = r.Double(Keys.RopeTheta, DefaultRopeTheta),
            RopeScaling = ReadRopeScaling(obj[Keys.RopeScaling], source),
            TieWordEmbeddings = r.Bool(Keys.TieWordEmbeddings, false),
            TorchDtype = r.String(Keys.TorchDtype, r.String(Keys.Dtype, DefaultTorchDtype)),
            BosTokenId = r.OptionalInt(Keys.BosTokenId),
            EosTokenIds = r.IntOrList(Keys.EosTokenId),
            PadTokenId = r.OptionalInt(Keys.PadTokenId),
            Raw = (JsonObject)obj.DeepClone(),
        };
    }

    private static RopeScaling? ReadRopeScaling(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject o) throw new CheckpointException(source, Keys.RopeScaling, "must be an object or null");
        var r = new ConfigReader(o, source, Keys.RopeScaling + ".");
        var type = r.String(Keys.RopeType, r.String(Keys.RopeTypeLegacy, RopeTypeDefault));
        if (type == RopeTypeDefault) return null;
        if (type != RopeTypeLlama3)
            throw new CheckpointException(source, Keys.RopeScaling + "." + Keys.RopeType, $"'{type}' is not supported",
                "MedMLNet implements \"llama3\" scaling (Llama 3.1/3.2) and plain RoPE; other rope types would silently give a wrong model");
        return new RopeScaling(type, r.Double(Keys.Factor, double.NaN), r.Double(Keys.LowFreqFactor, double.NaN),
            r.Double(Keys.HighFreqFactor, double.NaN), r.PositiveInt(Keys.OriginalMaxPositionEmbeddings)) switch
        {
            var s when double.IsNaN(s.Factor) || double.IsNaN(s.LowFreqFactor) || double.IsNaN(s.HighFreqFactor) =>
                throw new CheckpointException(source, Keys.RopeScaling, $"llama3 scaling needs {Keys.Factor}, {Keys.LowFreqFactor} and {Keys.HighFreqFactor}"),
            var s when s.HighFreqFactor <= s.LowFreqFactor =>
                throw new CheckpointException(source, Keys.RopeScaling, $"{Keys.HighFreqFactor} must exceed {Keys.LowFreqFactor}"),
            var s => s,
        };
    }

    /// <summary>The config.json object to write: the original keys, with MedMLNet's values over them.</summary>
    public JsonObject ToJson()
    {
        var o = (JsonObject)Raw.DeepClone();
        o[Keys.Architectures] ??= new JsonArray("LlamaForCausalLM");
        o[Keys.ModelType] = ModelTypeLlama;
        o[Keys.VocabSize] = VocabSize;
        o[Keys.HiddenSize] = HiddenSize;
        o[Keys.IntermediateSize] = IntermediateSize;
        o[Keys.NumHiddenLayers] = NumHiddenLayers;
        o[Keys.NumAttentionHeads] = NumAttentionHeads;
        o[Keys.NumKeyValueHeads] = NumKeyValueHeads;
        o[Keys.HeadDim] = HeadDim;
        o[Keys.MaxPositionEmbeddings] = MaxPositionEmbeddings;
        o[Keys.RmsNormEps] = RmsNormEps;
        o[Keys.RopeTheta] = RopeTheta;
        o[Keys.RopeScaling] = RopeScaling is null ? null : new JsonObject
        {
            [Keys.Factor] = RopeScaling.Factor,
            [Keys.HighFreqFactor] = RopeScaling.HighFreqFactor,
            [Keys.LowFreqFactor] = RopeScaling.LowFreqFactor,
            [Keys.OriginalMaxPositionEmbeddings] = RopeScaling.OriginalMaxPositionEmbeddings,
            [Keys.RopeType] = RopeScaling.RopeType,
        };
        o[Keys.TieWordEmbeddings] = TieWordEmbeddings;
        o[Keys.TorchDtype] = TorchDtype;
        o[Keys.HiddenAct] ??= ActivationSilu;
        o[Keys.AttentionBias] ??= false;
        o[Keys.MlpBias] ??= false;
        if (BosTokenId is int bos) o[Keys.BosTokenId] = bos;
        if (EosTokenIds.Length == 1) o[Keys.EosTokenId] = EosTokenIds[0];
        else if (EosTokenIds.Length > 1) o[Keys.EosTokenId] = new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        return o;
    }
}
