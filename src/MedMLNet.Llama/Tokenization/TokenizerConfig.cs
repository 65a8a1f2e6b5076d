using System.Text.Json;

namespace MedMLNet.Llama.Tokenization;

/// <summary>What MedMLNet reads from tokenizer_config.json and generation_config.json (both optional).</summary>
internal sealed record TokenizerConfig(
    string? BosToken, string? EosToken, string? PadToken, string? ChatTemplate,
    IReadOnlyList<(string Name, int Id)> AddedTokens, IReadOnlyList<int> GenerationEosIds)
{
    public static TokenizerConfig Read(TokenizerFiles files)
    {
        string? bos = null, eos = null, pad = null, template = null;
        var added = new List<(string, int)>();
        if (files.Config is { } path)
        {
            using var stream = File.OpenRead(path);
            using var doc = VocabularyReader.ParseJson(stream, path);
            var root = doc.RootElement;
            bos = TokenName(root, "bos_token");
            eos = TokenName(root, "eos_token");
            pad = TokenName(root, "pad_token");
            template = Template(root);
            if (root.TryGetProperty("added_tokens_decoder", out var dec) && dec.ValueKind == JsonValueKind.Object)
                foreach (var p in dec.EnumerateObject())
                {
                    if (!int.TryParse(p.Name, out var id) || !p.Value.TryGetProperty("content", out var content))
                        throw new InvalidDataException($"'{path}': added_tokens_decoder entry '{p.Name}' needs an integer key and a content field.");
                    added.Add((content.GetString()!, id));
                }
        }
        var genEos = new List<int>();
        if (files.GenerationConfig is { } gen)
        {
            using var stream = File.OpenRead(gen);
            using var doc = VocabularyReader.ParseJson(stream, gen);
            if (doc.RootElement.TryGetProperty("eos_token_id", out var e))
            {
                if (e.ValueKind == JsonValueKind.Number) genEos.Add(e.GetInt32());
                else if (e.ValueKind == JsonValueKind.Array) genEos.AddRange(e.EnumerateArray().Select(x => x.GetInt32()));
            }
        }
        return new TokenizerConfig(bos, eos, pad, template, added, genEos);
    }

    /// <summary>A token field is either a string or an AddedToken object with "content".</summary>
    private static string? TokenName(JsonElement root, string field) =>
        !root.TryGetProperty(field, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) ? c.GetString()
        : null;

    /// <summary>chat_template is a string, or a list of {name, template} (the "default" one is used).</summary>
    private static string? Template(JsonElement root)
    {
        if (!root.TryGetProperty("chat_template", out var t)) return null;
        if (t.ValueKind == JsonValueKind.String) return t.GetString();
        if (t.ValueKind != JsonValueKind.Array) return null;
        var all = t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList();
        var pick = all.FirstOrDefault(x => x.TryGetProperty("name", out var n) && n.GetString() == "default");
        if (pick.ValueKind != JsonValueKind.Object && all.Count > 0) pick = all[0];
        return pick.ValueKind == JsonValueKind.Object && pick.TryGetProperty("template", out var s) ? s.GetString() : null;
    }
}
