namespace MedMLNet.Text;

/// <summary>
/// A named, versioned, deterministic operation from <see cref="InputCount"/> text values to
/// <see cref="OutputCount"/> text values, applied row by row by <see cref="TextColumnTransformer"/>.
/// </summary>
/// <remarks>
/// What a saved model stores for an operation is <see cref="Name"/>, <see cref="Version"/> and
/// <see cref="SaveOptions"/>; loading calls the factory registered under <see cref="Name"/> in
/// <see cref="TextColumnOperations"/>. Change <see cref="Version"/> whenever the output for the same
/// options would change, so old models keep their behaviour or fail clearly.
/// </remarks>
public interface ITextColumnOperation
{
    /// <summary>Stable identifier written into saved models, e.g. <c>medmlnet.normalize-text</c>.</summary>
    string Name { get; }

    /// <summary>Version of the operation's semantics and options format.</summary>
    int Version { get; }

    /// <summary>Number of text columns read per application (1 for cleaning, 2+ for chat formatting).</summary>
    int InputCount { get; }

    /// <summary>Number of text columns produced per application.</summary>
    int OutputCount { get; }

    /// <summary>The options as JSON, given back to the registered factory when a model is loaded.</summary>
    string SaveOptions();

    /// <summary>Maps one row's inputs to its outputs. Must be thread-safe and deterministic.</summary>
    /// <param name="inputs">Exactly <see cref="InputCount"/> values (never null; missing text is empty).</param>
    /// <param name="outputs">Exactly <see cref="OutputCount"/> slots to fill.</param>
    void Apply(ReadOnlySpan<string> inputs, Span<string> outputs);
}
