using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Reads a small JSON config file (config.json, generation_config.json, the shard index, adapter_config.json) as an
/// object, rejecting hostile input with a <see cref="CheckpointException"/> naming the file: invalid UTF-8, malformed
/// JSON, nesting deeper than <see cref="MaxDepth"/>, duplicate keys, a non-object root or a file larger than
/// <see cref="MaxBytes"/>.
/// </summary>
internal static class JsonConfigFile
{
    /// <summary>No Hugging Face config nests deeper than a handful of levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>Config files are kilobytes; the shard index of a 405B model is well under 1 MiB.</summary>
    public const long MaxBytes = 16L << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonObject Read(string path, string fix)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes) throw new CheckpointException(path, null, $"{length} bytes is too large for a JSON config (limit {MaxBytes})", fix);
        string text;
        try { text = StrictUtf8.GetString(File.ReadAllBytes(path)); }
        catch (DecoderFallbackException) { throw new CheckpointException(path, null, "not valid UTF-8", fix); }
        try
        {
            var options = new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false };
            using var doc = JsonDocument.Parse(text.TrimStart('\uFEFF'), options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CheckpointException(path, null, "not a JSON object", fix);
            CheckStrings(doc.RootElement);
            return JsonObject.Create(doc.RootElement.Clone())!;
        }
        catch (JsonException e) { throw new CheckpointException(path, null, $"malformed JSON ({e.Message})", fix); }
        catch (InvalidOperationException e) { throw new CheckpointException(path, null, $"malformed JSON string ({e.Message})", fix); }
    }

    /// <summary>Decodes every name and string now, so a lone surrogate escape ("\ud800") fails here and not in a later read.</summary>
    private static void CheckStrings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: _ = e.GetString(); break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) CheckStrings(x); break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) { _ = p.Name; CheckStrings(p.Value); }
                break;
        }
    }
}
