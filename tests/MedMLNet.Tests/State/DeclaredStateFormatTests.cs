using System.IO.Compression;
using MedMLNet.Catalogs;
using MedMLNet.Data;
using MedMLNet.Formatting;
using MedMLNet.LlamaChat;
using MedMLNet.State;
using MedMLNet.Tests.Support;
using MedMLNet.TestKit;
using MedMLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.State;

/// <summary>Each component's options are saved field by field in a declared format, and read back by the version that saved them.</summary>
public class DeclaredStateFormatTests
{
    private const string ReleasedZip = "State/Assets/pipeline-1.0.zip";

    private static string Entry(string zip, string name)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(AppContext.BaseDirectory, zip));
        using var reader = new StreamReader(archive.Entries.Single(e => e.FullName == name || e.FullName.EndsWith("/" + name, StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public void Options_are_written_under_the_same_names_and_values_release_1_0_saved()
    {
        Assert.Equal(Entry(ReleasedZip, "TransformerChain/Transform_003/options.json"),
            FormatChatTransformer.OptionsFormat.Write(new FormatChatOptions { UserColumn = "Redacted", SystemPrompt = "Be brief." }));
        Assert.Equal(Entry(ReleasedZip, "TransformerChain/Transform_004/options.json"),
            LlamaChatTransformer.OptionsFormat.Write(new LlamaChatOptions
            {
                MaxNewTokens = 4, TopK = 3, RepetitionPenalty = 1.25, Seed = 11, TopLogProbs = 2, DefaultSystemPrompt = "Answer.", EmbedBaseModel = true,
            }));
    }

    [Fact]
    public void A_chat_options_json_of_version_1_1_without_the_later_fields_reads_them_as_defaults()
    {
        // What 1.1 (0x00010001) wrote before PromptColumn, TopLogProbs, AdapterColumn, NamedAdapters and EmbedBaseModel existed.
        const string json = """{"MaxNewTokens":7,"Temperature":0.5,"TopP":0.9,"TopK":4,"RepetitionPenalty":1.1,"Seed":3,"Dtype":"bfloat16","DefaultSystemPrompt":"Hi."}""";
        var o = LlamaChatTransformer.OptionsFormat.Read(json, LlamaChatTransformer.VersionSingleAdapter, "test");
        Assert.Equal(new LlamaChatOptions { MaxNewTokens = 7, Temperature = 0.5, TopP = 0.9, TopK = 4, RepetitionPenalty = 1.1, Seed = 3, Dtype = "bfloat16", DefaultSystemPrompt = "Hi." } with { NamedAdapters = o.NamedAdapters }, o);
        Assert.Empty(o.NamedAdapters);

        var e = Assert.Throws<InvalidDataException>(() => LlamaChatTransformer.OptionsFormat.Read(json, LlamaChatTransformer.VersionNamedAdapters, "'chat' options.json"));
        Assert.Contains("'chat' options.json lacks the field 'PromptColumn'", e.Message);
        Assert.Contains("0x00010002", e.Message);
    }

    [Theory]
    [InlineData("""{"UserColumn":"Q","AssistantColumn":null,"SystemColumn":null,"SystemPrompt":"","Extra":1}""", "unknown field 'Extra'")]
    [InlineData("""{"UserColumn":"Q","UserColumn":"R","AssistantColumn":null,"SystemColumn":null,"SystemPrompt":""}""", "field 'UserColumn' twice")]
    [InlineData("""{"UserColumn":null,"AssistantColumn":null,"SystemColumn":null,"SystemPrompt":""}""", "'UserColumn' that is not a string (Null)")]
    [InlineData("""{"UserColumn":"Q","AssistantColumn":3,"SystemColumn":null,"SystemPrompt":""}""", "'AssistantColumn' that is not a string or null (Number)")]
    [InlineData("""["UserColumn"]""", "is Array where an object of saved fields belongs")]
    [InlineData("""{"UserColumn":""", "is not JSON")]
    public void A_damaged_options_object_is_invalid_data_naming_the_field(string json, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => FormatChatTransformer.OptionsFormat.Read(json, FormatChatTransformer.VersionInitial, "'FormatChatTransformer' options.json"));
        Assert.Contains(problem, e.Message);
        Assert.Contains("'FormatChatTransformer' options.json", e.Message);
    }

    [Theory]
    [InlineData("""{"Form":4,"CollapseWhitespace":true,"Trim":true}""", "'Form' that is not a NormalizationForm number")] // 4 names no form
    [InlineData("""{"Form":5,"CollapseWhitespace":"yes","Trim":true}""", "'CollapseWhitespace' that is not true or false")]
    public void A_text_operations_damaged_options_name_the_operation_and_field(string json, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => TextColumnOperations.Create(NormalizeTextOperation.OperationName, NormalizeTextOperation.VersionInitial, json));
        Assert.Contains("text operation 'medmlnet.normalize-text' options", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Redaction_options_round_trip_with_their_types_and_count_column()
    {
        var op = new RedactPhiOperation(new RedactPhiOptions { Types = [PhiType.Phone, PhiType.Email], Chinese = false }, withCount: true);
        var back = Assert.IsType<RedactPhiOperation>(TextColumnOperations.Create(RedactPhiOperation.OperationName, RedactPhiOperation.VersionInitial, op.SaveOptions()));
        Assert.Equal([PhiType.Phone, PhiType.Email], back.Options.Types);
        Assert.False(back.Options.Chinese);
        Assert.True(back.Options.English);
        Assert.True(back.WithCount);
    }

    [Fact]
    public void A_version_1_1_chat_zip_saved_again_is_written_in_the_current_format_and_loads()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var requests = ml.Data.LoadFromEnumerable(new[] { Prediction.ChatRequest.FromTurns("", ("user", "sore throat")) });
        var zip = tmp.File("chat.zip");
        using (var model = ml.Llama.ZeroShot(baseDir, new LlamaChatOptions { MaxNewTokens = 3, TopK = 2 }))
            ml.Model.Save(model, requests.Schema, zip);
        // As 1.1 wrote it: its header, and options.json without the fields added since (the manifest's length and hash follow).
        ZipPatch.SetComponentVersions(zip, "MEDLLCHT", LlamaChatTransformer.VersionSingleAdapter, LlamaChatTransformer.VersionSingleAdapter);
        ZipPatch.ReplaceStateEntry(zip, "MEDLLCHT", TransformerState.OptionsEntryName,
            """{"MaxNewTokens":3,"Temperature":0,"TopP":1,"TopK":2,"RepetitionPenalty":1,"Seed":0,"Dtype":"float32","DefaultSystemPrompt":""}"""u8.ToArray());

        using var old = Assert.IsType<LlamaChatTransformer>(ml.Model.LoadChecked(zip, out _));
        Assert.Equal(new LlamaChatOptions { MaxNewTokens = 3, TopK = 2 } with { NamedAdapters = old.Options.NamedAdapters }, old.Options);
        var again = tmp.File("again.zip");
        ml.Model.Save(old, requests.Schema, again);
        using var loaded = Assert.IsType<LlamaChatTransformer>(ml.Model.LoadChecked(again, out _));
        Assert.Equal(LlamaChatTransformer.OptionsFormat.Write(old.Options), Entry(again, "options.json"));
    }
}
