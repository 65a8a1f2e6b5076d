using MedMLNet.State;

namespace MedMLNet.Text;

/// <summary>
/// Base for the common one-text-in, one-text-out operation whose options are a JSON-serializable class.
/// </summary>
/// <typeparam name="TOptions">Options; saved into the model in the declared format <see cref="OptionsFormat"/>.</typeparam>
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

    /// <summary>The saved fields of the options (the same declaration the registered factory reads them with).</summary>
    protected abstract StateFields<TOptions> OptionsFormat { get; }

    /// <inheritdoc />
    public string SaveOptions() => OptionsFormat.Write(Options);

    /// <summary>Maps one text value.</summary>
    public abstract string Apply(string text);

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs) => outputs[0] = Apply(inputs[0]);
}
