using MedMLNet.Catalogs;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.Catalogs;

public class CatalogTests
{
    [Fact]
    public void Catalogs_hang_off_MLContext_like_MLNets_own()
    {
        var ml = new MLContext();
        Assert.IsType<MedicalTransformsCatalog>(ml.Transforms.Medical);
        Assert.IsType<LlamaCatalog>(ml.Llama);
        Assert.NotNull(ml.Transforms.Medical.NormalizeText("Out", "In"));
    }

    [Fact]
    public void Chat_row_types_map_to_the_documented_column_types()
    {
        var ml = new MLContext();
        var requests = ml.Data.LoadFromEnumerable(new[] { ChatRequest.FromTurns("sys", ("user", "hi"), ("assistant", "hello")) });
        var s = requests.Schema;
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), s[ChatColumns.Roles].Type);
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), s[ChatColumns.Messages].Type);
        Assert.Equal(TextDataViewType.Instance, s[ChatColumns.SystemPrompt].Type);
        Assert.Equal(TextDataViewType.Instance, s[ChatColumns.PatientProfile].Type);

        var replies = ml.Data.LoadFromEnumerable(new[] { new ChatReply { Reply = "r", TokenLogProbs = [-0.1f] } }).Schema;
        Assert.Equal(TextDataViewType.Instance, replies[ChatColumns.Reply].Type);
        Assert.Equal(TextDataViewType.Instance, replies[ChatColumns.FinishReason].Type);
        Assert.Equal(NumberDataViewType.Int32, replies[ChatColumns.PromptTokens].Type);
        Assert.Equal(NumberDataViewType.Int32, replies[ChatColumns.CompletionTokens].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), replies[ChatColumns.TokenLogProbs].Type);

        var back = ml.Data.CreateEnumerable<ChatRequest>(requests, reuseRowObject: false).Single();
        Assert.Equal(["user", "assistant"], back.Roles);
        Assert.Equal(["hi", "hello"], back.Messages);
    }
}
