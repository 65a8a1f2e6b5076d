using System.Collections.Concurrent;
using System.Text.Json;
using MedMLNet.State;

namespace MedMLNet.Text;

/// <summary>
/// Registry from an operation's saved <see cref="ITextColumnOperation.Name"/> to the factory that
/// rebuilds it from saved options when a model is loaded.
/// </summary>
/// <remarks>
/// Built-in operations register in the static constructor. To plug in another operation (e.g. the data
/// layer's CleanText, RedactPhi, FormatChat), the whole job is:
/// <code>
/// public sealed record CleanTextOptions { public bool StripHtml { get; init; } = true; }
/// public sealed class CleanTextOperation(CleanTextOptions o) : TextColumnOperation&lt;CleanTextOptions&gt;(o)
/// {
///     public const string OperationName = "medmlnet.clean-text";
///     public const int VersionInitial = 1;
///     internal static readonly StateFields&lt;CleanTextOptions&gt; Format = new(() => new(),
///         StateField.Bool&lt;CleanTextOptions&gt;("StripHtml", VersionInitial, o => o.StripHtml, (o, v) => o with { StripHtml = v }));
///     public override string Name => OperationName;
///     public override int Version => VersionInitial;
///     protected override StateFields&lt;CleanTextOptions&gt; OptionsFormat => Format;
///     public override string Apply(string text) => MedMLNet.Data.TextCleaner.Clean(text, Options.StripHtml);
/// }
/// // in this class's static constructor:
/// Register(CleanTextOperation.OperationName, CleanTextOperation.VersionInitial, CleanTextOperation.Format, o => new CleanTextOperation(o));
/// // in MedicalTransformsCatalog:
/// public TextColumnEstimator CleanText(string output, string? input = null, CleanTextOptions? o = null)
///     => Create(new CleanTextOperation(o ?? new()), output, input);
/// </code>
/// Multi-column operations (FormatChat: question + answer to prompt + completion) implement
/// <see cref="ITextColumnOperation"/> directly and register with <see cref="Register(string, int, Func{string, int, ITextColumnOperation})"/>.
/// </remarks>
public static class TextColumnOperations
{
    private static readonly ConcurrentDictionary<string, (int MaxVersion, Func<string, int, ITextColumnOperation> Factory)> factories = new(StringComparer.Ordinal);

    static TextColumnOperations()
    {
        Register(NormalizeTextOperation.OperationName, NormalizeTextOperation.CurrentVersion, NormalizeTextOperation.Format, o => new NormalizeTextOperation(o));
        Register(CleanTextOperation.OperationName, CleanTextOperation.CurrentVersion, CleanTextOperation.Format, o => new CleanTextOperation(o));
        Register(RedactPhiOperation.OperationName, RedactPhiOperation.CurrentVersion, (json, version) => RedactPhiOperation.Load(json, version));
    }

    /// <summary>Registers (or replaces) the factory for <paramref name="name"/>.</summary>
    /// <param name="name">The operation's <see cref="ITextColumnOperation.Name"/>.</param>
    /// <param name="maxVersion">Newest saved version the factory can rebuild; newer ones fail clearly.</param>
    /// <param name="factory">Builds the operation from (options JSON, saved version).</param>
    public static void Register(string name, int maxVersion, Func<string, int, ITextColumnOperation> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        factories[name] = (maxVersion, factory);
    }

    /// <summary>Registers an operation whose options are saved in the declared format <paramref name="format"/>.</summary>
    public static void Register<TOptions>(string name, int maxVersion, StateFields<TOptions> format, Func<TOptions, ITextColumnOperation> factory)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(factory);
        Register(name, maxVersion, (json, version) => factory(format.Read(json, (uint)version, OptionsWhere(name))));
    }

    /// <summary>What messages call the saved options of operation <paramref name="name"/>.</summary>
    internal static string OptionsWhere(string name) => $"text operation '{name}' options";

    /// <summary>Whether a factory is registered for <paramref name="name"/>.</summary>
    public static bool IsRegistered(string name) => factories.ContainsKey(name);

    /// <summary>Rebuilds a saved operation; fails clearly for unknown names and too-new versions.</summary>
    internal static ITextColumnOperation Create(string name, int version, string optionsJson)
    {
        if (!factories.TryGetValue(name, out var entry))
            throw new InvalidOperationException(
                $"The model uses text operation '{name}', which is not registered in this process. " +
                $"Register it with {nameof(TextColumnOperations)}.{nameof(Register)} before loading the model. Registered: {string.Join(", ", factories.Keys.Order())}.");
        if (version > entry.MaxVersion)
            throw new InvalidOperationException(
                $"The model uses text operation '{name}' version {version}, but this build of MedMLNet reads up to version {entry.MaxVersion}. Upgrade MedMLNet to load this model.");
        ITextColumnOperation op;
        try { op = entry.Factory(optionsJson, version); }
        catch (InvalidDataException) { throw; }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The model's text operation '{name}' has saved options that cannot be read ({e.Message}); the model file is damaged or was crafted.", e);
        }
        if (op.Name != name)
            throw new InvalidOperationException($"The factory registered for text operation '{name}' built an operation named '{op.Name}'.");
        return op;
    }
}
