using MedMLNet.Catalogs;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>Many LoRA adapters over one base in one ML.NET transformer: each row picks its adapter through a column.</summary>
public class NamedAdapterTests
{
    private sealed class DepartmentRequest
    {
        [ColumnName(ChatColumns.Roles)] public string[] Roles { get; set; } = ["user"];
        [ColumnName(ChatColumns.Messages)] public string[] Messages { get; set; } = [];
        public string Department { get; set; } = "";
    }

    private static readonly LlamaChatOptions Options = new() { MaxNewTokens = 6 };

    private static ChatReply[] Answer(MLContext ml, ITransformer model, IEnumerable<DepartmentRequest> rows)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        return [.. ml.Data.CreateEnumerable<ChatReply>(scored, reuseRowObject: false)];
    }

    [Fact]
    public void Each_row_answers_as_its_adapter_alone_and_the_choice_survives_save_and_load()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var internal_ = TinyLora.Make(baseDir, tmp.File("neike"), seed: 11);
        var surgery = TinyLora.Make(baseDir, tmp.File("waike"), seed: 12);
        var ml = new MLContext(seed: 1);
        DepartmentRequest Row(string dept, string text) => new() { Messages = [text], Department = dept };
        DepartmentRequest[] rows = [Row("内科", "fever and cough"), Row("外科", "fever and cough"), Row("", "fever and cough"), Row("base", "腹痛"), Row("外科", "腹痛")];

        // Expected: each adapter alone (its own transformer), and the base alone.
        var alone = new Dictionary<string, ITransformer>
        {
            ["内科"] = ml.Llama.ChatModel(baseDir, internal_, Options), ["外科"] = ml.Llama.ChatModel(baseDir, surgery, Options),
            [""] = ml.Llama.ChatModel(baseDir, internal_, Options), ["base"] = ml.Llama.ZeroShot(baseDir, Options),
        };
        var expected = rows.Select(r => Answer(ml, alone[r.Department], [r])[0]).ToArray();
        Assert.NotEqual(expected[0].TokenLogProbs, expected[1].TokenLogProbs); // the adapters differ

        using var multi = ml.Llama.ChatModel(baseDir, internal_, Options with { AdapterColumn = "Department" },
            new Dictionary<string, string> { ["内科"] = internal_, ["外科"] = surgery });
        var actual = Answer(ml, multi, rows);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(expected[i].Reply, actual[i].Reply);
            Assert.Equal(expected[i].TokenLogProbs.Length, actual[i].TokenLogProbs.Length);
            for (var t = 0; t < expected[i].TokenLogProbs.Length; t++) Assert.Equal(expected[i].TokenLogProbs[t], actual[i].TokenLogProbs[t], 4);
        }

        // Memory per added adapter: r·(in + out) fp32 values per projection, hand-derived from the tiny config
        // (hidden 32, q/o 32→32, k/v 32→16, gate/up 32→64, down 64→32, 2 layers, r 8).
        const long perLayer = 8 * ((32 + 32) + (32 + 16) + (32 + 16) + (32 + 32) + (32 + 64) + (32 + 64) + (64 + 32));
        Assert.Equal(new Dictionary<string, long> { ["内科"] = perLayer * 2 * 4, ["外科"] = perLayer * 2 * 4 }, multi.NamedAdapterBytes);

        var zip = tmp.File("departments.zip");
        ml.Model.Save(multi, ml.Data.LoadFromEnumerable(rows).Schema, zip);
        using var loaded = (IDisposable)ml.Model.Load(zip, out _);
        var reloaded = Answer(ml, (ITransformer)loaded, rows);
        Assert.Equal(actual.Select(r => r.Reply), reloaded.Select(r => r.Reply));
        Assert.Equal(actual.SelectMany(r => r.TokenLogProbs), reloaded.SelectMany(r => r.TokenLogProbs));
        foreach (var t in alone.Values) ((IDisposable)t).Dispose();
    }

    [Fact]
    public void An_unknown_adapter_name_in_a_row_is_a_clear_error()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        using var multi = ml.Llama.ChatModel(baseDir, null, Options with { AdapterColumn = "Department" },
            new Dictionary<string, string> { ["儿科"] = TinyLora.Make(baseDir, tmp.File("a"), seed: 5) });
        var e = Assert.ThrowsAny<Exception>(() => Answer(ml, multi, [new DepartmentRequest { Messages = ["hi"], Department = "眼科" }]));
        Assert.Contains("眼科", e.ToString());
        Assert.Contains("儿科", e.ToString());
    }

    [Fact]
    public void Named_adapters_need_an_adapter_column()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var e = Assert.Throws<ArgumentException>(() => ml.Llama.ChatModel(baseDir, null, Options,
            new Dictionary<string, string> { ["a"] = TinyLora.Make(baseDir, tmp.File("a"), seed: 5) }));
        Assert.Contains("AdapterColumn", e.Message);
    }
}
