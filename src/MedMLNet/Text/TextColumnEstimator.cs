using MedMLNet.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.Text;

/// <summary>
/// Estimator for <see cref="TextColumnTransformer"/>. Nothing is learned: <see cref="IEstimator{T}.Fit"/>
/// checks the input schema and returns the transformer.
/// </summary>
public sealed class TextColumnEstimator : TrivialEstimator<TextColumnTransformer>
{
    internal TextColumnEstimator(IHostEnvironment env, IEnumerable<TextColumnMapping> mappings)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(TextColumnEstimator)), new TextColumnTransformer(env, mappings))
    {
    }

    /// <summary>Output shape: every input must be a scalar text column; each output is a scalar text column.</summary>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        Host.CheckValue(inputSchema, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (var m in Transformer.Mappings)
        {
            foreach (var input in m.InputColumnNames)
                ColumnChecks.CheckText(inputSchema, input, m.Description, nameof(inputSchema));
            foreach (var output in m.OutputColumnNames)
                result[output] = new SchemaShape.Column(output, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, false);
        }
        return new SchemaShape(result.Values);
    }
}
