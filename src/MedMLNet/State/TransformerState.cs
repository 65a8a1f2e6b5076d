using System.Text.Json;
using System.Text.RegularExpressions;
using MedMLNet.BaseModel;

namespace MedMLNet.State;

/// <summary>
/// The state a <see cref="StatefulTransformerBase"/> carries inside the model zip: options as JSON (in the component's
/// declared <see cref="StateFields{T}"/> format), named
/// binary blobs (adapter weights and the like), and an optional reference to a base checkpoint that is
/// not copied into the zip.
/// </summary>
public sealed partial class TransformerState
{
    /// <summary>Entry name the options are stored under.</summary>
    public const string OptionsEntryName = "options.json";

    private readonly Dictionary<string, byte[]> blobs;

    /// <summary>Creates a state. Blob names must satisfy <see cref="IsValidBlobName"/>.</summary>
    public TransformerState(string optionsJson, IReadOnlyDictionary<string, byte[]>? blobs = null, BaseModelReference? baseModel = null)
    {
        ArgumentNullException.ThrowIfNull(optionsJson);
        using (JsonDocument.Parse(optionsJson)) { } // must be JSON
        this.blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, bytes) in blobs ?? new Dictionary<string, byte[]>())
        {
            if (!IsValidBlobName(name))
                throw new ArgumentException($"Blob name '{name}' is not allowed: use 1-100 characters from [A-Za-z0-9._-], starting with a letter or digit, not '{OptionsEntryName}' or 'Model.*'.", nameof(blobs));
            this.blobs.Add(name, bytes ?? throw new ArgumentNullException(nameof(blobs), $"Blob '{name}' is null."));
        }
        OptionsJson = optionsJson;
        BaseModel = baseModel;
    }

    /// <summary>The options, as JSON (written and read by the component's <see cref="StateFields{T}"/>).</summary>
    public string OptionsJson { get; }

    /// <summary>The blobs by name.</summary>
    public IReadOnlyDictionary<string, byte[]> Blobs => blobs;

    /// <summary>The base checkpoint this state was made from, if any.</summary>
    public BaseModelReference? BaseModel { get; }

    /// <summary>A copy with <see cref="BaseModel"/> replaced (after the checkpoint was located elsewhere).</summary>
    public TransformerState WithBaseModel(BaseModelReference? baseModel) => new(OptionsJson, blobs, baseModel);

    /// <summary>A copy with <see cref="OptionsJson"/> replaced (the options as this version writes them).</summary>
    public TransformerState WithOptionsJson(string optionsJson) => new(optionsJson, blobs, BaseModel);

    /// <summary>Whether <paramref name="name"/> can name a blob entry: a plain file name that cannot escape its folder.</summary>
    public static bool IsValidBlobName(string name) =>
        name != null && BlobName().IsMatch(name) && name != OptionsEntryName && !name.StartsWith("Model.", StringComparison.OrdinalIgnoreCase) && !name.Contains("..");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex BlobName();
}
