using System.Text.Json;
using MedMLNet.Catalogs;
using MedMLNet.Tests.Support;
using MedMLNet.Text;
using Microsoft.ML;

namespace MedMLNet.Tests.Text;

public class TextColumnTransformerTests
{
    private static readonly TextRow[] Rows =
    [
        new() { Question = "  ＢＰ　１２０／８０ and\n\nheadache ", Answer = "Rest.  Drink   water." },
        new() { Question = "胸痛\u3000两小时", Answer = "立即就医。" },
        new() { Question = "", Answer = " x " },
    ];

    private static (MLContext Ml, IDataView Data, ITransformer Model) Fit()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var pipeline = ml.Transforms.Medical.NormalizeText("CleanQuestion", "Question")
            .Append(ml.Transforms.Medical.NormalizeText("Answer"));
        return (ml, data, pipeline.Fit(data));
    }

    [Fact]
    public void Transforms_columns_and_propagates_schema()
    {
        var (ml, data, model) = Fit();
        var outputs = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(FreshProcessModes.TextOutputs(ml, model, Rows))!;
        Assert.Equal("BP 120/80 and headache", outputs[0]["CleanQuestion"]);
        Assert.Equal("Rest. Drink water.", outputs[0]["Answer"]);
        Assert.Equal("  ＢＰ　１２０／８０ and\n\nheadache ", outputs[0]["Question"]); // input kept
        Assert.Equal("胸痛 两小时", outputs[1]["CleanQuestion"]);
        Assert.Equal("", outputs[2]["CleanQuestion"]);

        var schema = model.GetOutputSchema(data.Schema);
        Assert.Equal(Microsoft.ML.Data.TextDataViewType.Instance, schema["CleanQuestion"].Type);
        var shape = ml.Transforms.Medical.NormalizeText("CleanQuestion", "Question").GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("CleanQuestion", out var col));
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, col.Kind);
    }

    [Fact]
    public void Save_then_load_in_a_fresh_process_gives_identical_outputs()
    {
        var (ml, data, model) = Fit();
        using var tmp = TestKit.RepoPaths.TempDir();
        var zip = tmp.File("text.zip");
        ml.Model.Save(model, data.Schema, zip);
        File.WriteAllText(tmp.File("rows.json"), JsonSerializer.Serialize(Rows));

        var (code, error) = FreshProcess.Run(null, "text", zip, tmp.File("rows.json"), tmp.File("out.json"));
        Assert.True(code == 0, error);
        Assert.Equal(FreshProcessModes.TextOutputs(ml, model, Rows), File.ReadAllText(tmp.File("out.json")));

        // and in this process, through the checked loader
        var loaded = ml.Model.LoadChecked(zip, out var schema);
        Assert.Equal(FreshProcessModes.TextOutputs(ml, model, Rows), FreshProcessModes.TextOutputs(ml, loaded, Rows));
        Assert.Equal(data.Schema.Count, schema.Count);
    }

    [Fact]
    public void Missing_column_error_names_the_column_and_operation()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var estimator = ml.Transforms.Medical.NormalizeText("Out", "Complaint");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        Assert.Contains("'Complaint' not found", ex.Message);
        Assert.Contains(NormalizeTextOperation.OperationName, ex.Message);
        Assert.Contains("'Question'", ex.Message);
        var shapeEx = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains("'Complaint' not found", shapeEx.Message);
    }

    [Fact]
    public void Mistyped_column_error_names_the_column_and_expected_type()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var estimator = ml.Transforms.Medical.NormalizeText("Out", "Age");
        var shapeEx = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains("'Age' has type Single", shapeEx.Message);
        Assert.Contains("scalar Text column (string or ReadOnlyMemory<char>)", shapeEx.Message);
        var (_, _, model) = Fit();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(ml.Data.LoadFromEnumerable(new[] { new { Question = 1f, Answer = "a" } })));
        Assert.Contains("'Question' has type Single", ex.Message);
    }

    [Fact]
    public void A_zip_written_by_a_newer_format_fails_clearly()
    {
        var (ml, data, model) = Fit();
        using var tmp = TestKit.RepoPaths.TempDir();
        var zip = tmp.File("text.zip");
        ml.Model.Save(model, data.Schema, zip);
        Assert.Equal(2, ZipPatch.SetComponentVersions(zip, "MEDTXTCL", written: 0x00020001, readable: 0x00020001));
        var ex = Assert.ThrowsAny<Exception>(() => ml.Model.Load(zip, out _));
        var message = Flatten(ex);
        Assert.Contains("MedMLNet text columns", message);
        Assert.Contains("0x00020001", message);
        Assert.Contains("reads up to 0x00010001", message);
    }

    [Fact]
    public void A_zip_with_a_path_traversal_entry_is_rejected()
    {
        var (ml, data, model) = Fit();
        using var tmp = TestKit.RepoPaths.TempDir();
        var zip = tmp.File("text.zip");
        ml.Model.Save(model, data.Schema, zip);
        ZipPatch.AddEntry(zip, "TransformerChain/../../../evil.txt", "pwned");
        var ex = Assert.ThrowsAny<Exception>(() => ml.Model.Load(zip, out _));
        Assert.Contains("unsafe path", Flatten(ex));
        var checkedEx = Assert.Throws<InvalidDataException>(() => ml.Model.LoadChecked(zip, out _));
        Assert.Contains("evil.txt", checkedEx.Message);
    }

    [Fact]
    public void Unregistered_operations_are_refused_before_they_can_be_saved()
    {
        var ml = new MLContext();
        var ex = Assert.Throws<ArgumentException>(() => ml.Transforms.Medical.ApplyTextOperation(new ShoutOperation(), "Out", "Question"));
        Assert.Contains("not registered", ex.Message);
    }

    [Fact]
    public void Multi_column_operations_map_several_inputs_to_several_outputs()
    {
        TextColumnOperations.Register(ShoutOperation.OperationName, 1, (_, _) => new ShoutOperation());
        TextColumnOperations.Register(JoinOperation.OperationName, 1, (_, _) => new JoinOperation());
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var pipeline = ml.Transforms.Medical.ApplyTextOperation(new JoinOperation(), ["Prompt", "Length"], ["Question", "Answer"])
            .Append(ml.Transforms.Medical.ApplyTextOperation(new ShoutOperation(), "Loud", "Prompt"));
        var model = pipeline.Fit(data);
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(FreshProcessModes.TextOutputs(ml, model, Rows))!;
        Assert.Equal("胸痛\u3000两小时|立即就医。", rows[1]["Prompt"]);
        Assert.Equal("12", rows[1]["Length"]);
        Assert.Equal("| X ", rows[2]["Loud"]);
    }

    internal static string Flatten(Exception ex) => ex.InnerException == null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);

    private sealed class ShoutOperation : ITextColumnOperation
    {
        public const string OperationName = "test.shout";
        public string Name => OperationName;
        public int Version => 1;
        public int InputCount => 1;
        public int OutputCount => 1;
        public string SaveOptions() => "{}";
        public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs) => outputs[0] = inputs[0].ToUpperInvariant();
    }

    private sealed class JoinOperation : ITextColumnOperation
    {
        public const string OperationName = "test.join";
        public string Name => OperationName;
        public int Version => 1;
        public int InputCount => 2;
        public int OutputCount => 2;
        public string SaveOptions() => "{}";
        public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs)
        {
            outputs[0] = inputs[0] + "|" + inputs[1];
            outputs[1] = outputs[0].Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
