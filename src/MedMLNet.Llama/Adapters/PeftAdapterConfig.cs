using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.IO;

namespace MedMLNet.Llama.Adapters;

/// <summary>
/// adapter_config.json as PEFT writes it (LORA or PREFIX_TUNING, task CAUSAL_LM). Reading ignores keys PEFT
/// added later; settings MedMLNet cannot honour (DoRA, LoRA bias, prefix projection, rank patterns) fail clearly.
/// </summary>
public static class PeftAdapterConfig
{
    public const string FileName = "adapter_config.json", WeightsFile = "adapter_model.safetensors";

    /// <summary>Largest LoRA rank accepted (Llama 3 405B's widest projection is 53,248).</summary>
    public const int MaxRank = 1 << 16;

    /// <summary>A target_modules regex gets this long to match each module name (a crafted pattern could backtrack for ever).</summary>
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(250);

    public static JsonObject Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"adapter folder '{dir}' not found: point --adapter at a PEFT adapter folder.");
        if (!File.Exists(path)) throw new CheckpointException(path, null, "not found", "a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors");
        return JsonConfigFile.Read(path, "re-save the adapter or fix adapter_config.json");
    }

    public static string PeftType(JsonObject config, string dir) =>
        (config["peft_type"] is JsonValue v && v.TryGetValue(out string? t) ? t : null) ?? throw new CheckpointException(Path.Combine(dir, FileName), "peft_type", "missing or not a string", "expected LORA or PREFIX_TUNING");

    public static LoraOptions ReadLora(JsonObject o, string dir)
    {
        var path = Path.Combine(dir, FileName);
        var r = new ConfigReader(o, path);
        Refuse(o, path, "use_dora", "DoRA adapters are not supported");
        Refuse(o, path, "lora_bias", "LoRA bias adapters are not supported");
        Refuse(o, path, "fan_in_fan_out", "fan_in_fan_out is for GPT-2 style Conv1D; Llama uses Linear");
        if (o["bias"] is { } b && StringOf(b, path, "bias") != "none") throw new CheckpointException(path, "bias", $"'{b}' is not supported", "use bias \"none\"");
        foreach (var key in new[] { "rank_pattern", "alpha_pattern" })
            if (o[key] is JsonObject p && p.Count > 0) throw new CheckpointException(path, key, "per-module ranks/alphas are not supported");
        if (o["layers_to_transform"] is not null) throw new CheckpointException(path, "layers_to_transform", "not supported");
        var targets = o["target_modules"] switch
        {
            JsonArray a => a.Select(n => StringOf(n, path, "target_modules")).ToList(),
            JsonValue v when StringOf(v, path, "target_modules") == "all-linear" => ["all-linear"],
            JsonValue v => MatchRegex(StringOf(v, path, "target_modules"), path),
            null => throw new CheckpointException(path, "target_modules", "missing"),
            var other => throw new CheckpointException(path, "target_modules", $"expected a list of module names or a regex string, found {other.ToJsonString()}"),
        };
        var targeted = targets.Where(t => t == "all-linear" || LoraOptions.LlamaModules.Contains(t)).ToList();
        if (targeted.Count == 0) throw new CheckpointException(path, "target_modules", $"[{string.Join(", ", targets)}] names no Llama projection",
            $"valid: {string.Join(", ", LoraOptions.LlamaModules)}");
        var rank = r.PositiveInt("r");
        if (rank > MaxRank) throw new CheckpointException(path, "r", $"{rank} is larger than any Llama projection (limit {MaxRank})", "the file is damaged or not a LoRA config");
        var alpha = r.Double("lora_alpha", 8);
        if (!double.IsFinite(alpha)) throw new CheckpointException(path, "lora_alpha", $"{alpha} is not a finite number");
        var dropout = r.Double("lora_dropout", 0);
        if (dropout is not (>= 0 and < 1)) throw new CheckpointException(path, "lora_dropout", $"{dropout} is outside [0, 1)");
        return new LoraOptions { Rank = rank, Alpha = alpha, Dropout = dropout, TargetModules = targeted, UseRsLora = r.Bool("use_rslora", false) };
    }

    public static int ReadPrefix(JsonObject o, string dir, LlamaConfig model)
    {
        var path = Path.Combine(dir, FileName);
        var r = new ConfigReader(o, path);
        if (r.Bool("prefix_projection", false)) throw new CheckpointException(path, "prefix_projection", "true is not supported", "train prefixes without projection");
        var layers = r.PositiveInt("num_layers");
        if (layers != model.NumHiddenLayers) throw new CheckpointException(path, "num_layers", $"{layers} does not match the model's {model.NumHiddenLayers} layers", "the adapter was trained on another model");
        var tokenDim = r.OptionalInt("token_dim");
        var kvDim = model.NumKeyValueHeads * model.HeadDim;
        if (tokenDim is int td && td != kvDim)
            throw new CheckpointException(path, "token_dim", $"{td} != num_key_value_heads·head_dim = {kvDim}", "re-save the adapter with a PEFT version that supports GQA");
        return r.PositiveInt("num_virtual_tokens");
    }

    public static void WriteLora(string dir, LoraOptions options, string baseModel)
    {
        var targets = new JsonArray(options.TargetModules.Select(t => (JsonNode)t!).ToArray());
        var o = new JsonObject
        {
            ["alpha_pattern"] = new JsonObject(), ["auto_mapping"] = null, ["base_model_name_or_path"] = baseModel, ["bias"] = "none",
            ["corda_config"] = null, ["eva_config"] = null, ["exclude_modules"] = null, ["fan_in_fan_out"] = false, ["inference_mode"] = true,
            ["init_lora_weights"] = true, ["layer_replication"] = null, ["layers_pattern"] = null, ["layers_to_transform"] = null,
            ["loftq_config"] = new JsonObject(), ["lora_alpha"] = Number(options.Alpha), ["lora_bias"] = false, ["lora_dropout"] = options.Dropout,
            ["megatron_config"] = null, ["megatron_core"] = "megatron.core", ["modules_to_save"] = null, ["peft_type"] = "LORA",
            ["r"] = options.Rank, ["rank_pattern"] = new JsonObject(), ["revision"] = null, ["target_modules"] = targets,
            ["task_type"] = "CAUSAL_LM", ["trainable_token_indices"] = null, ["use_dora"] = false, ["use_rslora"] = options.UseRsLora,
        };
        Write(dir, o);
    }

    public static void WritePrefix(string dir, int virtualTokens, LlamaConfig model, string baseModel)
    {
        var kvDim = model.NumKeyValueHeads * model.HeadDim;
        var o = new JsonObject
        {
            ["auto_mapping"] = null, ["base_model_name_or_path"] = baseModel, ["encoder_hidden_size"] = kvDim, ["inference_mode"] = true,
            ["modules_to_save"] = null, ["num_attention_heads"] = model.NumKeyValueHeads, ["num_layers"] = model.NumHiddenLayers,
            ["num_transformer_submodules"] = 1, ["num_virtual_tokens"] = virtualTokens, ["peft_type"] = "PREFIX_TUNING",
            ["prefix_projection"] = false, ["revision"] = null, ["task_type"] = "CAUSAL_LM", ["token_dim"] = kvDim,
        };
        Write(dir, o);
    }

    private static JsonNode Number(double v) => v == Math.Floor(v) && Math.Abs(v) < int.MaxValue ? JsonValue.Create((int)v) : JsonValue.Create(v);

    private static void Write(string dir, JsonObject o) =>
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static void Refuse(JsonObject o, string path, string key, string why)
    {
        if (o[key] is JsonValue v && v.TryGetValue(out bool on) && on) throw new CheckpointException(path, key, why);
    }

    private static List<string> MatchRegex(string pattern, string path)
    {
        try
        {
            var re = new System.Text.RegularExpressions.Regex("^(?:" + pattern + ")$", System.Text.RegularExpressions.RegexOptions.None, RegexBudget);
            return LoraOptions.LlamaModules.Where(m => Enumerable.Range(0, 4).Any(i => re.IsMatch($"model.layers.{i}.self_attn.{m}") || re.IsMatch($"model.layers.{i}.mlp.{m}"))).ToList();
        }
        catch (ArgumentException e) { throw new CheckpointException(path, "target_modules", $"'{pattern}' is not a valid regex ({e.Message})"); }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException) { throw new CheckpointException(path, "target_modules", $"regex '{pattern}' takes too long to match", "use a list of module names"); }
    }

    private static string StringOf(JsonNode? node, string path, string key) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s
            : throw new CheckpointException(path, key, $"expected a string, found {node?.ToJsonString() ?? "null"}");
}
