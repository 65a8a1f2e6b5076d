using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.LlamaChat;

/// <summary>Schema propagation for the Llama estimators: the ChatRequest inputs they need and the ChatReply columns they add.</summary>
internal static class LlamaChatSchema
{
    public static SchemaShape Output(SchemaShape input)
    {
        foreach (var name in new[] { ChatColumns.Roles, ChatColumns.Messages })
        {
            if (!input.TryFindColumn(name, out var c))
                throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{name}' not found: Llama chat components need {ChatColumns.Roles} and {ChatColumns.Messages} (vectors of Text).");
            if (c.Kind != SchemaShape.Column.VectorKind.VariableVector && c.Kind != SchemaShape.Column.VectorKind.Vector || c.ItemType is not TextDataViewType)
                throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{name}' must be a vector of Text, found {c.Kind} of {c.ItemType}.");
        }
        var columns = input.ToDictionary(c => c.Name);
        void Add(string name, SchemaShape.Column.VectorKind kind, DataViewType type) =>
            columns[name] = new SchemaShape.Column(name, kind, type, false);
        Add(ChatColumns.Reply, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance);
        Add(ChatColumns.FinishReason, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance);
        Add(ChatColumns.PromptTokens, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Int32);
        Add(ChatColumns.CompletionTokens, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Int32);
        Add(ChatColumns.TokenLogProbs, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single);
        Add(ChatColumns.Tokens, SchemaShape.Column.VectorKind.VariableVector, TextDataViewType.Instance);
        Add(ChatColumns.TopTokens, SchemaShape.Column.VectorKind.VariableVector, TextDataViewType.Instance);
        Add(ChatColumns.TopTokenLogProbs, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single);
        Add(ChatColumns.Confidence, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single);
        return new SchemaShape(columns.Values);
    }
}
