using MedMLNet.Catalogs;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using MedMLNet.Tests.Support;
using Microsoft.ML;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>A zip that carries its small base checkpoint, and zips written by older and newer versions of the chat transformer.</summary>
public class EmbeddedBaseAndVersionTests
{
    private static readonly LlamaChatOptions Options = new() { MaxNewTokens = 5 };
    private static readonly ChatRequest[] Requests = [ChatRequest.FromTurns("", ("user", "sore throat")), ChatRequest.FromTurns("Be brief.", ("user", "咳嗽一周"))];

    private static string[] Replies(MLContext ml, ITransformer model) =>
        [.. ml.Data.CreateEnumerable<ChatReply>(model.Transform(ml.Data.LoadFromEnumerable(Requests)), false).Select(r => string.Join(",", r.TokenLogProbs) + "|" + r.Reply)];

    [Fact]
    public void An_embedded_base_checkpoint_travels_in_the_zip_and_answers_after_the_original_is_deleted()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var adapter = TinyLora.Make(baseDir, tmp.File("adapter"), seed: 7);
        var ml = new MLContext(seed: 1);
        string[] expected;
        var zip = tmp.File("standalone.zip");
        using (var model = ml.Llama.ChatModel(baseDir, adapter, Options with { EmbedBaseModel = true }))
        {
            Assert.True(model.EmbedsBaseModel);
            expected = Replies(ml, model);
            ml.Model.Save(model, ml.Data.LoadFromEnumerable(Requests).Schema, zip);
        }
        var weights = new FileInfo(Path.Combine(baseDir, "model.safetensors")).Length;
        Assert.True(new FileInfo(zip).Length > weights / 2, "the zip holds the (compressed) weights");
        Directory.Delete(baseDir, recursive: true);

        var loaded = ml.Model.Load(zip, out _);
        Assert.Equal(expected, Replies(ml, loaded));
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    public void A_zip_from_the_previous_version_loads_and_a_newer_one_fails_clearly()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var zip = tmp.File("chat.zip");
        string[] expected;
        using (var model = ml.Llama.ChatModel(baseDir, TinyLora.Make(baseDir, tmp.File("adapter"), seed: 3), Options))
        {
            expected = Replies(ml, model);
            ml.Model.Save(model, ml.Data.LoadFromEnumerable(Requests).Schema, zip);
        }

        // Version 1.1 wrote the same entries for a single adapter (options + PEFT files + base reference).
        var old = tmp.File("old.zip");
        File.Copy(zip, old);
        Assert.Equal(1, ZipPatch.SetComponentVersions(old, "MEDLLCHT", 0x00010001, 0x00010001));
        var loaded = ml.Model.Load(old, out _);
        Assert.Equal(expected, Replies(ml, loaded));
        ((IDisposable)loaded).Dispose();

        var future = tmp.File("future.zip");
        File.Copy(zip, future);
        ZipPatch.SetComponentVersions(future, "MEDLLCHT", 0x00020001, 0x00020001);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Model.LoadChecked(future, out _));
        Assert.Contains("LlamaChatTransformer", e.Message);
        Assert.Contains("Upgrade MedMLNet", e.Message);
    }

    [Fact]
    public void A_changed_base_checkpoint_is_a_hash_mismatch_naming_the_file()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var zip = tmp.File("chat.zip");
        using (var model = ml.Llama.ZeroShot(baseDir, Options))
            ml.Model.Save(model, ml.Data.LoadFromEnumerable(Requests).Schema, zip);
        var before = File.ReadAllText(Path.Combine(baseDir, "config.json"));
        TinyCheckpoint.Make(baseDir, maxPositions: 128); // another config (the weights' header and tokenizer are unchanged)
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(baseDir, "config.json")));
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.LoadChecked(zip, out _));
        Assert.Contains("config.json has SHA-256", e.Message);
        Assert.Contains("MEDMLNET_BASE_MODEL_DIR", e.Message);
    }
}
