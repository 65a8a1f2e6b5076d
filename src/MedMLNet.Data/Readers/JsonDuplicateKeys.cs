using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Finds a key that an object of a record repeats (<c>{"question": "a", "question": "b"}</c>): which value a reader
/// takes is up to the reader (System.Text.Json the first, Python the last), so such a record is refused instead.
/// </summary>
internal static class JsonDuplicateKeys
{
    /// <summary>The first repeated key, as a path such as <c>options.A</c>; null when every object's keys are unique.</summary>
    public static string? Find(JsonElement element) => Find(element, "", 0);

    private static string? Find(JsonElement e, string at, int depth)
    {
        if (depth > 64) return null; // the parsers stop deeper documents long before this
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var p in e.EnumerateObject())
                {
                    var key = at.Length == 0 ? p.Name : at + "." + p.Name;
                    if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(p.Name)) return key;
                    if (Find(p.Value, key, depth + 1) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                    if (Find(item, $"{at}[{i++}]", depth + 1) is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    /// <summary>The reason a record with a repeated key is malformed.</summary>
    public static string Reason(string key) => $"the key \"{key}\" appears twice; keep one";
}
