namespace MedMLNet.Text;

/// <summary>One application of an operation: which input columns it reads and which output columns it writes.</summary>
public sealed class TextColumnMapping
{
    /// <summary>Creates a mapping; the column counts must match the operation's arity.</summary>
    public TextColumnMapping(ITextColumnOperation operation, IReadOnlyList<string> outputColumnNames, IReadOnlyList<string> inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(outputColumnNames);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Count != operation.InputCount)
            throw new ArgumentException($"Text operation '{operation.Name}' reads {operation.InputCount} column(s); {inputColumnNames.Count} given.", nameof(inputColumnNames));
        if (outputColumnNames.Count != operation.OutputCount)
            throw new ArgumentException($"Text operation '{operation.Name}' writes {operation.OutputCount} column(s); {outputColumnNames.Count} given.", nameof(outputColumnNames));
        foreach (var name in inputColumnNames.Concat(outputColumnNames))
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(inputColumnNames));
        Operation = operation;
        OutputColumnNames = [.. outputColumnNames];
        InputColumnNames = [.. inputColumnNames];
    }

    /// <summary>The operation applied.</summary>
    public ITextColumnOperation Operation { get; }

    /// <summary>Columns written, in the operation's output order.</summary>
    public IReadOnlyList<string> OutputColumnNames { get; }

    /// <summary>Columns read, in the operation's input order.</summary>
    public IReadOnlyList<string> InputColumnNames { get; }

    /// <summary>What messages call this mapping's operation.</summary>
    internal string Description => $"text operation '{Operation.Name}'";
}
