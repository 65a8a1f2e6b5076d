using System.Text.Json;
using MedMLNet.Catalogs;
using MedMLNet.Formatting;
using MedMLNet.LlamaChat;
using MedMLNet.Tests.Support;
using MedMLNet.TestKit;
using MedMLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.State;

/// <summary>
/// Assets/pipeline-1.0.zip was saved by MedMLNet 1.0 (before each component declared its saved fields): NormalizeText
/// (Trim off) → CleanText (boilerplate kept) → RedactPhi (English only, with a count column) → FormatChat ("Be brief.")
/// → a LoRA chat model carrying its tiny base checkpoint (TestKit's TinyCheckpoint, TinyLora seed 7) with
/// MaxNewTokens 4, TopK 3, RepetitionPenalty 1.25, Seed 11, TopLogProbs 2, DefaultSystemPrompt "Answer.".
/// </summary>
public class ReleasedZipTests
{
    private static readonly string Zip = Path.Combine(AppContext.BaseDirectory, "State", "Assets", "pipeline-1.0.zip");
    private static readonly TextRow[] Rows = [new() { Question = "  Ｍｙ  <b>throat</b>   hurts, call 555-123-4567 " }];

    [Fact]
    public void A_pipeline_zip_saved_by_release_1_0_loads_with_every_saved_setting()
    {
        var ml = new MLContext(seed: 1);
        var loaded = (TransformerChain<ITransformer>)ml.Model.LoadChecked(Zip, out _);
        var parts = loaded.ToArray();
        Assert.Equal(5, parts.Length);

        var text = parts.Take(3).Cast<TextColumnTransformer>().Select(t => t.Mappings.Single()).ToArray();
        var normalize = Assert.IsType<NormalizeTextOperation>(text[0].Operation);
        Assert.Equal(new NormalizeTextOptions { Trim = false }, normalize.Options);
        Assert.Equal(["Question"], text[0].InputColumnNames);
        var clean = Assert.IsType<CleanTextOperation>(text[1].Operation);
        Assert.Equal(new CleanTextOptions { RemoveBoilerplate = false }, clean.Options);
        var redact = Assert.IsType<RedactPhiOperation>(text[2].Operation);
        Assert.True(redact.WithCount);
        Assert.True(redact.Options.English);
        Assert.False(redact.Options.Chinese);
        Assert.Null(redact.Options.Types);
        Assert.Equal(["Redacted", "PhiCount"], text[2].OutputColumnNames);

        var format = Assert.IsType<FormatChatTransformer>(parts[3]);
        Assert.Equal(new FormatChatOptions { UserColumn = "Redacted", SystemPrompt = "Be brief." }, format.Options);

        using var chat = Assert.IsType<LlamaChatTransformer>(parts[4]);
        var o = chat.Options;
        Assert.Equal((4, 0.0, 1.0, 3, 1.25, 11L, "float32", 2, "Answer.", true),
            (o.MaxNewTokens, o.Temperature, o.TopP, o.TopK, o.RepetitionPenalty, o.Seed, o.Dtype, o.TopLogProbs, o.DefaultSystemPrompt, o.EmbedBaseModel));
        Assert.Null(o.PromptColumn);
        Assert.Null(o.AdapterColumn);
        Assert.Empty(o.NamedAdapters);
        Assert.True(chat.HasAdapter);
        Assert.True(chat.EmbedsBaseModel);
    }

    [Fact]
    public void A_pipeline_zip_saved_by_release_1_0_answers_as_the_same_pipeline_built_now()
    {
        var ml = new MLContext(seed: 1);
        var loaded = ml.Model.LoadChecked(Zip, out _);
        var outputs = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(FreshProcessModes.TextOutputs(ml, loaded, Rows))!;
        Assert.Contains("[PHONE]", outputs[0]["Redacted"]);
        Assert.DoesNotContain("<b>", outputs[0]["Redacted"]);
        Assert.Equal("1", outputs[0]["PhiCount"]);

        using var tmp = RepoPaths.TempDir();
        using var old = (LlamaChatTransformer)((TransformerChain<ITransformer>)loaded).Last();
        old.SaveAdapter(tmp.File("adapter"));
        var data = ml.Data.LoadFromEnumerable(Rows);
        var fresh = ml.Transforms.Medical.NormalizeText("Normalized", "Question", new NormalizeTextOptions { Trim = false })
            .Append(ml.Transforms.Medical.CleanText("Cleaned", "Normalized", new CleanTextOptions { RemoveBoilerplate = false }))
            .Append(ml.Transforms.Medical.RedactPhi("Redacted", "Cleaned", new RedactPhiOptions { Chinese = false }, countColumnName: "PhiCount"))
            .Append(ml.Transforms.Medical.FormatChat("Redacted", systemPrompt: "Be brief."))
            .Fit(data);
        using var chat = ml.Llama.ChatModel(old.ModelDirectory, tmp.File("adapter"), old.Options with { EmbedBaseModel = false });
        var now = fresh.Append(chat);
        Assert.Equal(FreshProcessModes.TextOutputs(ml, now, Rows), FreshProcessModes.TextOutputs(ml, loaded, Rows));
        Assert.Equal(Replies(ml, now), Replies(ml, loaded));
    }

    private static string[] Replies(MLContext ml, ITransformer model)
    {
        var view = model.Transform(ml.Data.LoadFromEnumerable(Rows));
        return [.. ml.Data.CreateEnumerable<ReplyRow>(view, false).Select(r => $"{r.Reply}|{string.Join(",", r.TokenLogProbs)}|{string.Join(",", r.TopTokens)}|{string.Join(",", r.Messages)}")];
    }

    private sealed class ReplyRow
    {
        public string Reply { get; set; } = "";
        public float[] TokenLogProbs { get; set; } = [];
        public string[] TopTokens { get; set; } = [];
        public string[] Messages { get; set; } = [];
    }
}
