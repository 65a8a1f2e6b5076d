using MedMLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.Catalogs;

/// <summary>
/// Medical text transforms, reached as <c>mlContext.Transforms.Medical</c> (like <c>mlContext.Transforms.Text</c>).
/// </summary>
public sealed class MedicalTransformsCatalog
{
    internal MedicalTransformsCatalog(TransformsCatalog transforms) =>
        Environment = ((IInternalCatalog)Contracts.CheckRef(transforms, nameof(transforms))).Environment;

    internal IHostEnvironment Environment { get; }

    /// <summary>Unicode normalization (NFKC by default), whitespace collapsing and trimming of one text column.</summary>
    /// <param name="outputColumnName">Column to write.</param>
    /// <param name="inputColumnName">Column to read; defaults to <paramref name="outputColumnName"/> (replace in place).</param>
    /// <param name="options">Normalization options; defaults are NFKC, collapse, trim.</param>
    public TextColumnEstimator NormalizeText(string outputColumnName, string? inputColumnName = null, NormalizeTextOptions? options = null) =>
        ApplyTextOperation(new NormalizeTextOperation(options ?? new NormalizeTextOptions()), outputColumnName, inputColumnName ?? outputColumnName);

    /// <summary>Normalizes several text columns with the same options.</summary>
    public TextColumnEstimator NormalizeText(InputOutputColumnPair[] columns, NormalizeTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var op = new NormalizeTextOperation(options ?? new NormalizeTextOptions());
        return new TextColumnEstimator(Environment, columns.Select(c => new TextColumnMapping(op, [c.OutputColumnName], [c.InputColumnName])));
    }

    /// <summary>The data layer's text cleaning (markup, Unicode NFKC, half-width punctuation, whitespace, boilerplate) of one text column.</summary>
    /// <param name="outputColumnName">Column to write.</param>
    /// <param name="inputColumnName">Column to read; defaults to <paramref name="outputColumnName"/> (replace in place).</param>
    /// <param name="options">Which steps run; defaults are all.</param>
    public TextColumnEstimator CleanText(string outputColumnName, string? inputColumnName = null, CleanTextOptions? options = null) =>
        ApplyTextOperation(new CleanTextOperation(options ?? new CleanTextOptions()), outputColumnName, inputColumnName ?? outputColumnName);

    /// <summary>
    /// Replaces protected health information in one text column with typed placeholders (<c>[NAME]</c>, <c>[PHONE]</c>, …).
    /// With <paramref name="countColumnName"/>, that text column receives the number of identifiers replaced in the row.
    /// </summary>
    public TextColumnEstimator RedactPhi(string outputColumnName, string? inputColumnName = null, RedactPhiOptions? options = null, string? countColumnName = null) =>
        ApplyTextOperation(new RedactPhiOperation(options ?? new RedactPhiOptions(), countColumnName is not null),
            countColumnName is null ? [outputColumnName] : [outputColumnName, countColumnName], [inputColumnName ?? outputColumnName]);

    /// <summary>
    /// Formats text columns as a chat: <c>Roles</c>/<c>Messages</c> vectors [system?, user, assistant?] from
    /// <paramref name="userColumn"/>, optional <paramref name="assistantColumn"/> (leave null for rows to be answered) and
    /// a system prompt, ready for the Llama trainers and chat transformer.
    /// </summary>
    public Formatting.FormatChatEstimator FormatChat(string userColumn = "Question", string? assistantColumn = null, string systemPrompt = "", string? systemColumn = null) =>
        new(Environment, new Formatting.FormatChatOptions { UserColumn = userColumn, AssistantColumn = assistantColumn, SystemPrompt = systemPrompt ?? "", SystemColumn = systemColumn });

    /// <summary>Applies any one-to-one text operation registered in <see cref="TextColumnOperations"/>.</summary>
    public TextColumnEstimator ApplyTextOperation(ITextColumnOperation operation, string outputColumnName, string? inputColumnName = null) =>
        ApplyTextOperation(operation, [outputColumnName], [inputColumnName ?? outputColumnName]);

    /// <summary>Applies any text operation registered in <see cref="TextColumnOperations"/> to the given columns.</summary>
    public TextColumnEstimator ApplyTextOperation(ITextColumnOperation operation, string[] outputColumnNames, string[] inputColumnNames)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!TextColumnOperations.IsRegistered(operation.Name))
            throw new ArgumentException($"Text operation '{operation.Name}' is not registered in {nameof(TextColumnOperations)}, so a saved model could not be loaded back. Register it first.", nameof(operation));
        return new TextColumnEstimator(Environment, [new TextColumnMapping(operation, outputColumnNames, inputColumnNames)]);
    }
}
