using System.Text.Json;

namespace MedMLNet.Text;

/// <summary>
/// Base for the common one-text-in, one-text-out operation whose options are a JSON-serializable class.
/// </summary>
/// <typeparam name="TOptions">Options; serialized with System.Text.Json into the saved model.</typeparam>
public abstract class TextColumnOperation<TOptions> : ITextColumnOperation
    where TOptions : class
{
    /// <summary>Creates the operation with its options.</summary>
    protected TextColumnOperation(TOptions options) => Options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The options this operation runs with.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract int Version { get; }

    /// <inheritdoc />
    public int InputCount => 1;

    /// <inheritdoc />
    public int OutputCount => 1;

    /// <inheritdoc />
    public string SaveOptions() => JsonSerializer.Serialize(Options);

    /// <summary>Maps one text value.</summary>
    public abstract string Apply(string text);

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs) => outputs[0] = Apply(inputs[0]);
}
