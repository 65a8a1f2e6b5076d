using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Schema;

/// <summary>
/// Input column checks with messages that name the column, the component that needs it, the expected
/// type and what was found. Thrown as <see cref="ArgumentOutOfRangeException"/>, as ML.NET's own
/// schema mismatches are.
/// </summary>
internal static class ColumnChecks
{
    /// <summary>What a scalar text column is called in messages.</summary>
    public const string TextTypeDescription = "a scalar Text column (string or ReadOnlyMemory<char>)";

    /// <summary>Finds a scalar text column in a concrete schema; returns its index.</summary>
    public static int FindText(DataViewSchema schema, string column, string neededBy, string paramName = "inputSchema")
    {
        if (!schema.TryGetColumnIndex(column, out var index))
            throw Missing(column, neededBy, schema.Where(c => !c.IsHidden).Select(c => c.Name), paramName);
        var type = schema[index].Type;
        if (type is not TextDataViewType)
            throw Mistyped(column, neededBy, TextTypeDescription, type.ToString() ?? type.GetType().Name, paramName);
        return index;
    }

    /// <summary>Finds a text vector column (<c>string[]</c>) in a concrete schema; returns its index.</summary>
    public static int FindTextVector(DataViewSchema schema, string column, string neededBy, string paramName = "inputSchema")
    {
        if (!schema.TryGetColumnIndex(column, out var index))
            throw Missing(column, neededBy, schema.Where(c => !c.IsHidden).Select(c => c.Name), paramName);
        var type = schema[index].Type;
        if (type is not VectorDataViewType { ItemType: TextDataViewType })
            throw Mistyped(column, neededBy, "a vector of Text (string[])", type.ToString() ?? type.GetType().Name, paramName);
        return index;
    }

    /// <summary>Checks a scalar text column in an estimator's schema shape.</summary>
    public static void CheckText(SchemaShape shape, string column, string neededBy, string paramName = "inputSchema")
    {
        if (!shape.TryFindColumn(column, out var col))
            throw Missing(column, neededBy, shape.Select(c => c.Name), paramName);
        if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.ItemType is not TextDataViewType)
            throw Mistyped(column, neededBy, TextTypeDescription, Describe(col), paramName);
    }

    private static string Describe(SchemaShape.Column col) => col.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => col.ItemType.ToString() ?? "?",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{col.ItemType}>",
        _ => $"VarVector<{col.ItemType}>",
    };

    private static ArgumentOutOfRangeException Missing(string column, string neededBy, IEnumerable<string> present, string paramName) =>
        new(paramName, $"Input column '{column}' not found (needed by {neededBy}). Columns present: {string.Join(", ", present.Distinct().Select(n => $"'{n}'"))}.");

    private static ArgumentOutOfRangeException Mistyped(string column, string neededBy, string expected, string actual, string paramName) =>
        new(paramName, $"Input column '{column}' has type {actual}, but {neededBy} needs {expected}.");
}
