namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// The one place a Llama checkpoint's names are spelled: Hugging Face's state-dict keys (model.embed_tokens.weight,
/// model.layers.{i}.self_attn.q_proj.weight, ...) and PEFT's names for adapters over them
/// (base_model.model.{module}.lora_A.weight, prompt_embeddings). The module constructors, the checkpoint writer, LoRA
/// targeting and the fine-tuner's trainable-parameter selection all read them here.
/// </summary>
public static class LlamaKeys
{
    public const string EmbedTokens = "model.embed_tokens.weight";
    public const string Norm = "model.norm.weight";
    public const string LmHead = "lm_head.weight";
    private const string WeightSuffix = ".weight";
    private const string LayersPrefix = "model.layers.";

    /// <summary>The attention projections of a decoder layer (self_attn.{name}).</summary>
    public static readonly IReadOnlyList<string> AttentionProjections = ["q_proj", "k_proj", "v_proj", "o_proj"];
    /// <summary>The MLP projections of a decoder layer (mlp.{name}).</summary>
    public static readonly IReadOnlyList<string> MlpProjections = ["gate_proj", "up_proj", "down_proj"];
    /// <summary>Every projection LoRA can target, in the order a layer holds them (PEFT matches names by suffix).</summary>
    public static readonly IReadOnlyList<string> Projections = [.. AttentionProjections, .. MlpProjections];

    /// <summary>model.layers.{layer}: the module path of a decoder layer.</summary>
    public static string Layer(int layer) => LayersPrefix + layer;
    /// <summary>model.layers.{layer}.self_attn</summary>
    public static string Attention(int layer) => Layer(layer) + ".self_attn";
    /// <summary>model.layers.{layer}.mlp</summary>
    public static string Mlp(int layer) => Layer(layer) + ".mlp";
    public static string InputLayernorm(int layer) => Layer(layer) + ".input_layernorm" + WeightSuffix;
    public static string PostAttentionLayernorm(int layer) => Layer(layer) + ".post_attention_layernorm" + WeightSuffix;
    /// <summary>The weight key of the module at <paramref name="modulePath"/> (e.g. model.layers.0.self_attn.q_proj.weight).</summary>
    public static string WeightOf(string modulePath) => modulePath + WeightSuffix;
    /// <summary>The module path of a weight key (the key without ".weight"), as PEFT names modules.</summary>
    public static string ModuleOf(string weightKey) =>
        weightKey.EndsWith(WeightSuffix, StringComparison.Ordinal) ? weightKey[..^WeightSuffix.Length] : throw new ArgumentException($"'{weightKey}' is not a weight key.", nameof(weightKey));
    /// <summary>The projection name a module path ends in (q_proj, ..., down_proj).</summary>
    public static string ProjectionName(string modulePath) => modulePath[(modulePath.LastIndexOf('.') + 1)..];

    /// <summary>The decoder layer a state-dict key belongs to, or null (embedding, final norm, lm_head).</summary>
    public static int? LayerOf(string key)
    {
        if (!key.StartsWith(LayersPrefix, StringComparison.Ordinal)) return null;
        var rest = key.AsSpan(LayersPrefix.Length);
        var dot = rest.IndexOf('.');
        return int.TryParse(dot < 0 ? rest : rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    /// <summary>PEFT's prefix on a wrapped base model's module paths.</summary>
    public const string PeftModelPrefix = "base_model.model.";
    /// <summary>PEFT's LoRA A key of a module: base_model.model.{module}.lora_A.weight ([r, in]).</summary>
    public static string LoraA(string modulePath) => PeftModelPrefix + modulePath + ".lora_A" + WeightSuffix;
    /// <summary>PEFT's LoRA B key of a module: base_model.model.{module}.lora_B.weight ([out, r]).</summary>
    public static string LoraB(string modulePath) => PeftModelPrefix + modulePath + ".lora_B" + WeightSuffix;
    /// <summary>PEFT's prefix-tuning table (prompt_embeddings [virtual tokens, layers·2·KV·head_dim]).</summary>
    public const string PromptEmbeddings = "prompt_embeddings";
}
