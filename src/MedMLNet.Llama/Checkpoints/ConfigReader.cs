using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>Typed reads from a JSON config object, each failure naming the file and the key.</summary>
internal sealed class ConfigReader(JsonObject obj, string source, string prefix = "")
{
    public string String(string key, string fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw Bad(key, "a string"),
    };

    public bool Bool(string key, bool fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue(out bool b) => b,
        _ => throw Bad(key, "true or false"),
    };

    public double Double(string key, double fallback) => Get(key) switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Number(v),
        _ => throw Bad(key, "a number"),
    };

    public int? OptionalInt(string key) => Get(key) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && TryInt(v, out var i) => i,
        _ => throw Bad(key, "an integer"),
    };

    public int PositiveInt(string key) => OptionalInt(key) switch
    {
        null => throw new CheckpointException(source, prefix + key, "is missing", "a Llama config.json must define it"),
        <= 0 => throw Bad(key, "a positive integer"),
        int i => i,
    };

    public int[] IntOrList(string key) => Get(key) switch
    {
        null => [],
        JsonArray a => a.Select(n => n is JsonValue v && TryInt(v, out var i) ? i : throw Bad(key, "an integer or a list of integers")).ToArray(),
        JsonValue v when TryInt(v, out var i) => [i],
        _ => throw Bad(key, "an integer or a list of integers"),
    };

    private JsonNode? Get(string key) => obj.TryGetPropertyValue(key, out var node) ? node : null;

    private static bool TryInt(JsonValue v, out int value)
    {
        value = 0;
        if (v.GetValueKind() != JsonValueKind.Number) return false;
        var d = Number(v);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) return false;
        value = (int)d;
        return true;
    }

    /// <summary>A number node's value, whether parsed from text or built in code from an int, long or double.</summary>
    private static double Number(JsonValue v) => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private CheckpointException Bad(string key, string expected) =>
        new(source, prefix + key, $"expected {expected}, found {obj[key]?.ToJsonString() ?? "null"}");
}
