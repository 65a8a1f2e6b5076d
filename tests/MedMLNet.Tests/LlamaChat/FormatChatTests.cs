using MedMLNet.Catalogs;
using MedMLNet.Prediction;
using MedMLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>FormatChat: text columns to Roles/Messages, schema errors, save and load.</summary>
public class FormatChatTests
{
    private sealed class Formatted
    {
        [ColumnName(ChatColumns.Roles)] public string[] Roles { get; set; } = [];
        [ColumnName(ChatColumns.Messages)] public string[] Messages { get; set; } = [];
    }

    private static readonly TextRow[] Rows = [new() { Question = "头痛两天", Answer = "多喝水，休息。" }, new() { Question = "Fever?", Answer = "" }];

    [Fact]
    public void Question_and_answer_become_system_user_assistant_turns_and_an_empty_answer_leaves_a_row_to_answer()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var output = ml.Transforms.Medical.FormatChat("Question", "Answer", "You are a doctor.").Fit(data).Transform(data);
        var rows = ml.Data.CreateEnumerable<Formatted>(output, reuseRowObject: false).ToArray();
        Assert.Equal(["system", "user", "assistant"], rows[0].Roles);
        Assert.Equal(["You are a doctor.", "头痛两天", "多喝水，休息。"], rows[0].Messages);
        Assert.Equal(["system", "user"], rows[1].Roles);
        Assert.Equal(["You are a doctor.", "Fever?"], rows[1].Messages);
        Assert.Equal(["user"], ml.Data.CreateEnumerable<Formatted>(ml.Transforms.Medical.FormatChat().Fit(data).Transform(data), false).First().Roles);
    }

    [Fact]
    public void Missing_or_mistyped_columns_name_the_column()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Medical.FormatChat("Patient").GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains("'Patient'", missing.Message);
        var mistyped = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Medical.FormatChat("Question", "Age").Fit(data));
        Assert.Contains("'Age'", mistyped.Message);
    }

    [Fact]
    public void Saves_and_loads_with_its_options()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var model = ml.Transforms.Medical.FormatChat("Question", "Answer", "Be brief.").Fit(data);
        ml.Model.Save(model, data.Schema, tmp.File("format.zip"));
        var loaded = ml.Model.Load(tmp.File("format.zip"), out _);
        var expected = ml.Data.CreateEnumerable<Formatted>(model.Transform(data), false).Select(r => string.Join("|", r.Roles.Concat(r.Messages)));
        var actual = ml.Data.CreateEnumerable<Formatted>(loaded.Transform(data), false).Select(r => string.Join("|", r.Roles.Concat(r.Messages)));
        Assert.Equal(expected, actual);
    }
}
