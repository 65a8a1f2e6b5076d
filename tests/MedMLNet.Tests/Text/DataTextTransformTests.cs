using System.Text.Json;
using MedMLNet.Catalogs;
using MedMLNet.Tests.Support;
using MedMLNet.Text;
using Microsoft.ML;

namespace MedMLNet.Tests.Text;

/// <summary>CleanText and RedactPhi: the data layer's cleaner and redactor as savable ML.NET transforms.</summary>
public class DataTextTransformTests
{
    private static readonly TextRow[] Rows =
    [
        new() { Question = "<b>Headache</b> &amp; fever", Answer = "Call me at 555-123-4567, BP 120/80." },
        new() { Question = "no markup here", Answer = "BP 120/80, no identifiers." },
    ];

    private static (MLContext Ml, IDataView Data, ITransformer Model) Fit()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var pipeline = ml.Transforms.Medical.CleanText("CleanQuestion", "Question")
            .Append(ml.Transforms.Medical.RedactPhi("SafeAnswer", "Answer", countColumnName: "PhiCount"));
        return (ml, data, pipeline.Fit(data));
    }

    [Fact]
    public void Cleans_markup_and_redacts_identifiers_with_a_count()
    {
        var (ml, _, model) = Fit();
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(FreshProcessModes.TextOutputs(ml, model, Rows))!;
        Assert.Equal("Headache & fever", rows[0]["CleanQuestion"]);
        Assert.Equal("Call me at [PHONE], BP 120/80.", rows[0]["SafeAnswer"]);
        Assert.Equal("1", rows[0]["PhiCount"]);
        Assert.Equal("no markup here", rows[1]["CleanQuestion"]);
        Assert.Equal("BP 120/80, no identifiers.", rows[1]["SafeAnswer"]);
        Assert.Equal("0", rows[1]["PhiCount"]);
    }

    [Fact]
    public void Options_turn_steps_off()
    {
        Assert.Equal("<b>x</b>", new CleanTextOperation(new CleanTextOptions { StripMarkup = false }).Apply("<b>x</b>"));
        var englishOff = new RedactPhiOperation(new RedactPhiOptions { English = false });
        var outputs = new string[1];
        englishOff.Apply(["Call me at 555-123-4567."], outputs);
        Assert.Equal("Call me at 555-123-4567.", outputs[0]);
    }

    [Fact]
    public void Save_then_load_in_a_fresh_process_gives_identical_outputs()
    {
        var (ml, data, model) = Fit();
        using var tmp = TestKit.RepoPaths.TempDir();
        var zip = tmp.File("data-text.zip");
        ml.Model.Save(model, data.Schema, zip);
        File.WriteAllText(tmp.File("rows.json"), JsonSerializer.Serialize(Rows));

        var (code, error) = FreshProcess.Run(null, "text", zip, tmp.File("rows.json"), tmp.File("out.json"));
        Assert.True(code == 0, error);
        Assert.Equal(FreshProcessModes.TextOutputs(ml, model, Rows), File.ReadAllText(tmp.File("out.json")));
    }

    [Fact]
    public void Missing_column_error_names_the_column()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Medical.RedactPhi("Out", "Note").Fit(data));
        Assert.Contains("'Note' not found", ex.Message);
        Assert.Contains(RedactPhiOperation.OperationName, ex.Message);
    }
}
