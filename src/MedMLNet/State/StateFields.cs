using System.Text;
using System.Text.Json;

namespace MedMLNet.State;

/// <summary>
/// The declared saved format of a component's options: a JSON object written field by field under the names listed
/// here (the saved names, independent of the C# property names), and read back the same way. Each field records the
/// component version that first wrote it (<see cref="StateField{T}.Since"/>): a save older than that lacks it and reads
/// as the default, a newer one must have it. Unknown, repeated and mistyped fields are refused, naming the field.
/// </summary>
/// <typeparam name="T">The options type (a record; fields are set with <c>with</c>).</typeparam>
public sealed class StateFields<T> where T : class
{
    private readonly Func<T> defaults;
    private readonly StateField<T>[] fields;

    /// <summary>Declares the format.</summary>
    /// <param name="defaults">The value fields absent from an older save keep (usually <c>() =&gt; new T()</c>).</param>
    /// <param name="fields">Every saved field, in the order written.</param>
    public StateFields(Func<T> defaults, params StateField<T>[] fields)
    {
        this.defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        this.fields = fields ?? throw new ArgumentNullException(nameof(fields));
        var repeated = fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated != null) throw new ArgumentException($"Saved field '{repeated.Key}' is declared twice.", nameof(fields));
    }

    /// <summary>The declared fields, in the order written.</summary>
    public IReadOnlyList<StateField<T>> Fields => fields;

    /// <summary>The value as a JSON object of the declared fields.</summary>
    public string Write(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal void Write(Utf8JsonWriter writer, T value)
    {
        writer.WriteStartObject();
        foreach (var f in fields)
        {
            writer.WritePropertyName(f.Name);
            f.Write(writer, value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads what <see cref="Write(T)"/> wrote in a component saved at <paramref name="savedVersion"/>.</summary>
    /// <param name="json">The saved JSON object.</param>
    /// <param name="savedVersion">The version the component was saved at (its header's written version).</param>
    /// <param name="where">What the messages call the saved object, e.g. "'LlamaChatTransformer' options.json".</param>
    /// <exception cref="InvalidDataException">Not a JSON object, or a field unknown, repeated, missing or of the wrong type.</exception>
    public T Read(string json, uint savedVersion, string where)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model's {where} is not JSON ({e.Message}); the model file is damaged or was crafted.", e);
        }
        using (document) return Read(document.RootElement, savedVersion, where);
    }

    internal T Read(JsonElement element, uint savedVersion, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Damaged(where, $"is {element.ValueKind} where an object of saved fields belongs");
        var value = defaults();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name)
                ?? throw Damaged(where, $"has an unknown field '{property.Name}' (known: {string.Join(", ", fields.Select(f => f.Name))})");
            if (!seen.Add(property.Name)) throw Damaged(where, $"has the field '{property.Name}' twice");
            value = field.Read(property.Value, value, savedVersion, $"{where} field '{property.Name}'")
                ?? throw Damaged(where, $"has a field '{property.Name}' that is not {field.Kind} ({property.Value.ValueKind})");
        }
        var missing = fields.FirstOrDefault(f => !seen.Contains(f.Name) && savedVersion >= f.Since);
        if (missing != null) throw Damaged(where, $"lacks the field '{missing.Name}', saved by every version since 0x{missing.Since:X8} (this one is 0x{savedVersion:X8})");
        return value;
    }

    private static InvalidDataException Damaged(string where, string problem) =>
        new($"The model's {where} {problem}; the model file is damaged or was crafted.");
}

/// <summary>One saved field of a <see cref="StateFields{T}"/> format. Made by the factories of <see cref="StateField"/>.</summary>
/// <typeparam name="T">The options type.</typeparam>
public abstract class StateField<T> where T : class
{
    private protected StateField(string name, uint since, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Since = since;
        Kind = kind;
    }

    /// <summary>The field's name in the saved JSON.</summary>
    public string Name { get; }

    /// <summary>The oldest component version that writes this field; saves before it lack it and read as the default.</summary>
    public uint Since { get; }

    /// <summary>What the field holds, for messages ("an integer", "a string or null", ...).</summary>
    public string Kind { get; }

    internal abstract void Write(Utf8JsonWriter writer, T value);

    // null: the JSON value is not of this field's kind.
    internal abstract T? Read(JsonElement element, T value, uint savedVersion, string where);
}

/// <summary>Factories of <see cref="StateField{T}"/>: one per JSON kind a saved field can have.</summary>
public static class StateField
{
    /// <summary>A 32-bit integer.</summary>
    public static StateField<T> Int<T>(string name, uint since, Func<T, int> get, Func<T, int, T> set) where T : class =>
        new Scalar<T, int>(name, since, "an integer", get, set, (w, v) => w.WriteNumberValue(v),
            e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? (true, v) : (false, 0));

    /// <summary>A 64-bit integer.</summary>
    public static StateField<T> Long<T>(string name, uint since, Func<T, long> get, Func<T, long, T> set) where T : class =>
        new Scalar<T, long>(name, since, "an integer", get, set, (w, v) => w.WriteNumberValue(v),
            e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? (true, v) : (false, 0L));

    /// <summary>A finite double.</summary>
    public static StateField<T> Double<T>(string name, uint since, Func<T, double> get, Func<T, double, T> set) where T : class =>
        new Scalar<T, double>(name, since, "a number", get, set, (w, v) => w.WriteNumberValue(v),
            e => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v) ? (true, v) : (false, 0.0));

    /// <summary>true or false.</summary>
    public static StateField<T> Bool<T>(string name, uint since, Func<T, bool> get, Func<T, bool, T> set) where T : class =>
        new Scalar<T, bool>(name, since, "true or false", get, set, (w, v) => w.WriteBooleanValue(v),
            e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? (true, e.GetBoolean()) : (false, false));

    /// <summary>A string (never null).</summary>
    public static StateField<T> String<T>(string name, uint since, Func<T, string> get, Func<T, string, T> set) where T : class =>
        new Scalar<T, string>(name, since, "a string", get, set, (w, v) => w.WriteStringValue(v),
            e => e.ValueKind == JsonValueKind.String ? (true, e.GetString()!) : (false, ""));

    /// <summary>A string or null.</summary>
    public static StateField<T> NullableString<T>(string name, uint since, Func<T, string?> get, Func<T, string?, T> set) where T : class =>
        new Scalar<T, string?>(name, since, "a string or null", get, set, (w, v) => { if (v is null) w.WriteNullValue(); else w.WriteStringValue(v); },
            e => e.ValueKind switch { JsonValueKind.Null => (true, null), JsonValueKind.String => (true, e.GetString()), _ => (false, null) });

    /// <summary>An array of strings.</summary>
    public static StateField<T> StringList<T>(string name, uint since, Func<T, IReadOnlyList<string>> get, Func<T, IReadOnlyList<string>, T> set) where T : class =>
        new Scalar<T, IReadOnlyList<string>>(name, since, "an array of strings", get, set,
            (w, v) => { w.WriteStartArray(); foreach (var s in v) w.WriteStringValue(s); w.WriteEndArray(); },
            e => e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)
                ? (true, [.. e.EnumerateArray().Select(x => x.GetString()!)]) : (false, []));

    /// <summary>A named value of <typeparamref name="TEnum"/>, saved as its number (as System.Text.Json writes enums).</summary>
    public static StateField<T> Enum<T, TEnum>(string name, uint since, Func<T, TEnum> get, Func<T, TEnum, T> set) where T : class where TEnum : struct, Enum =>
        new Scalar<T, TEnum>(name, since, $"a {typeof(TEnum).Name} number", get, set, (w, v) => w.WriteNumberValue(Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)),
            e => ParseEnum<TEnum>(e) is { } v ? (true, v) : (false, default));

    /// <summary>An array of <typeparamref name="TEnum"/> numbers, or null.</summary>
    public static StateField<T> EnumArrayOrNull<T, TEnum>(string name, uint since, Func<T, TEnum[]?> get, Func<T, TEnum[]?, T> set) where T : class where TEnum : struct, Enum =>
        new Scalar<T, TEnum[]?>(name, since, $"null or an array of {typeof(TEnum).Name} numbers", get, set,
            (w, v) =>
            {
                if (v is null) { w.WriteNullValue(); return; }
                w.WriteStartArray();
                foreach (var x in v) w.WriteNumberValue(Convert.ToInt32(x, System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndArray();
            },
            e =>
            {
                if (e.ValueKind == JsonValueKind.Null) return (true, null);
                if (e.ValueKind != JsonValueKind.Array) return (false, null);
                var values = e.EnumerateArray().Select(ParseEnum<TEnum>).ToArray();
                return values.All(v => v.HasValue) ? (true, [.. values.Select(v => v!.Value)]) : (false, null);
            });

    /// <summary>A nested object in its own declared format (read at the same saved version).</summary>
    public static StateField<T> Object<T, TValue>(string name, uint since, StateFields<TValue> format, Func<T, TValue> get, Func<T, TValue, T> set) where T : class where TValue : class =>
        new Nested<T, TValue>(name, since, format, get, set);

    private static TEnum? ParseEnum<TEnum>(JsonElement e) where TEnum : struct, Enum
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var n)) return null;
        var value = (TEnum)System.Enum.ToObject(typeof(TEnum), n);
        return System.Enum.IsDefined(value) ? value : null;
    }

    private sealed class Scalar<T, TValue>(string name, uint since, string kind, Func<T, TValue> get, Func<T, TValue, T> set,
        Action<Utf8JsonWriter, TValue> write, Func<JsonElement, (bool Ok, TValue Value)> read) : StateField<T>(name, since, kind) where T : class
    {
        internal override void Write(Utf8JsonWriter writer, T value) => write(writer, get(value));

        internal override T? Read(JsonElement element, T value, uint savedVersion, string where)
        {
            var (ok, v) = read(element);
            return ok ? set(value, v) : null;
        }
    }

    private sealed class Nested<T, TValue>(string name, uint since, StateFields<TValue> format, Func<T, TValue> get, Func<T, TValue, T> set)
        : StateField<T>(name, since, "an object") where T : class where TValue : class
    {
        internal override void Write(Utf8JsonWriter writer, T value) => format.Write(writer, get(value));

        internal override T? Read(JsonElement element, T value, uint savedVersion, string where) =>
            element.ValueKind == JsonValueKind.Object ? set(value, format.Read(element, savedVersion, where)) : null;
    }
}
