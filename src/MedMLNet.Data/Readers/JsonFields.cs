using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>Small tolerant accessors for JSON object fields.</summary>
internal static class JsonFields
{
    /// <summary>The string (or number/bool as text) of <paramref name="name"/>, or null when absent/null.</summary>
    public static string? Str(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? AsText(v) : null;

    /// <summary>Scalar as text; arrays of strings joined by newlines; objects as raw JSON.</summary>
    public static string? AsText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => string.Join("\n", v.EnumerateArray().Select(AsText).Where(s => s is not null)),
        JsonValueKind.Object => v.GetRawText(),
        _ => null,
    };

    /// <summary>Options as a list in letter order, from {"A":..,"B":..} or ["..",".."].</summary>
    public static IReadOnlyList<string>? Options(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Array) return v.EnumerateArray().Select(e => AsText(e) ?? "").ToArray();
        if (v.ValueKind != JsonValueKind.Object) return null;
        return v.EnumerateObject().OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => AsText(p.Value) ?? "").ToArray();
    }

    /// <summary>An answer index from a letter ("C"), a 0-based number, or null.</summary>
    public static int? AnswerIndex(this JsonElement obj, string name, int optionCount)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
        int? index = v.ValueKind switch
        {
            JsonValueKind.String when v.GetString() is { Length: 1 } s && char.IsAsciiLetter(s[0]) => char.ToUpperInvariant(s[0]) - 'A',
            JsonValueKind.String when int.TryParse(v.GetString(), out var n) => n,
            JsonValueKind.Number when v.TryGetInt32(out var n) => n,
            _ => null,
        };
        return index is int i && i >= 0 && i < optionCount ? i : null;
    }

    /// <summary>Every other scalar field as metadata.</summary>
    public static Dictionary<string, string> Metadata(this JsonElement obj, params string[] except)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.ValueKind != JsonValueKind.Object) return meta;
        foreach (var p in obj.EnumerateObject())
            if (!except.Contains(p.Name) && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                meta[p.Name] = AsText(p.Value)!;
        return meta;
    }
}
