using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>generation_config.json: the ids that end a turn and the checkpoint's sampling defaults.</summary>
public sealed record GenerationConfig
{
    public int? BosTokenId { get; init; }
    public int[] EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public bool DoSample { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public JsonObject Raw { get; init; } = new();

    /// <summary>Reads generation_config.json, or derives one from config.json when the file is absent.</summary>
    public static GenerationConfig Load(string path, LlamaConfig fallback)
    {
        if (!File.Exists(path))
            return new GenerationConfig { BosTokenId = fallback.BosTokenId, EosTokenIds = fallback.EosTokenIds, PadTokenId = fallback.PadTokenId };
        var obj = JsonConfigFile.Read(path, "re-download generation_config.json or delete it to use config.json's token ids");
        var r = new ConfigReader(obj, path);
        var eos = r.IntOrList("eos_token_id");
        return new GenerationConfig
        {
            BosTokenId = r.OptionalInt("bos_token_id") ?? fallback.BosTokenId,
            EosTokenIds = eos.Length > 0 ? eos : fallback.EosTokenIds,
            PadTokenId = r.OptionalInt("pad_token_id") ?? fallback.PadTokenId,
            DoSample = r.Bool("do_sample", false),
            Temperature = obj.ContainsKey("temperature") ? r.Double("temperature", 1) : null,
            TopP = obj.ContainsKey("top_p") ? r.Double("top_p", 1) : null,
            TopK = r.OptionalInt("top_k"),
            Raw = (JsonObject)obj.DeepClone(),
        };
    }

    public JsonObject ToJson()
    {
        var o = (JsonObject)Raw.DeepClone();
        if (BosTokenId is int b) o["bos_token_id"] = b;
        o["eos_token_id"] = EosTokenIds.Length == 1 ? EosTokenIds[0] : new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        return o;
    }
}
