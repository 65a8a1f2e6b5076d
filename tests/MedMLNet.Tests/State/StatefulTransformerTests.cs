using System.Text.Json;
using MedMLNet.BaseModel;
using MedMLNet.Catalogs;
using MedMLNet.Prediction;
using MedMLNet.State;
using MedMLNet.Tests.Support;
using MedMLNet.Tests.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.Tests.State;

public class StatefulTransformerTests
{
    [Fact]
    public void PredictionEngine_answers_from_the_state_blob_options_and_base_checkpoint()
    {
        using var f = new EchoChatFixture();
        using var engine = f.Ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(f.Model);
        var reply = engine.Predict(EchoChatFixture.Requests[0]);
        Assert.Equal("Doctor: I have had chest [llama]", reply.Reply);
        Assert.Equal("length", reply.FinishReason);
        Assert.Equal(9, reply.PromptTokens);
        Assert.Equal(4, reply.CompletionTokens);
        Assert.Equal([-1f, -2f, -0.5f, -0.25f], reply.TokenLogProbs);

        var multi = engine.Predict(EchoChatFixture.Requests[1]);
        Assert.Equal("Doctor: 三天 了 [llama]", multi.Reply);
        Assert.Equal("stop", multi.FinishReason);
        var empty = engine.Predict(EchoChatFixture.Requests[2]);
        Assert.Equal(0, empty.CompletionTokens);
        Assert.Empty(empty.TokenLogProbs);
    }

    [Fact]
    public void Save_move_base_then_load_in_a_fresh_process_gives_identical_replies()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        var expected = FreshProcessModes.ChatOutputs(f.Ml, f.Model, EchoChatFixture.Requests);
        var requests = Path.Combine(f.Temp, "requests.json");
        File.WriteAllText(requests, JsonSerializer.Serialize(EchoChatFixture.Requests));

        // the base checkpoint moves: found through MEDMLNET_BASE_MODEL_DIR (a folder that contains it)
        var moved = Path.Combine(f.Temp, "elsewhere");
        Directory.CreateDirectory(moved);
        Directory.Move(f.BaseDir, Path.Combine(moved, Path.GetFileName(f.BaseDir)));
        var output = Path.Combine(f.Temp, "out.json");
        var (code, error) = FreshProcess.Run(new Dictionary<string, string?> { [BaseModelLocator.EnvironmentVariable] = moved }, "chat", zip, requests, output);
        Assert.True(code == 0, error);
        Assert.Equal(expected, File.ReadAllText(output));

        // without the variable the moved base is not found, and the message says what to set
        var (missingCode, missingError) = FreshProcess.Run(null, "chat", zip, requests, output);
        Assert.Equal(1, missingCode);
        Assert.Contains("BaseModelNotFoundException", missingError);
        Assert.Contains(BaseModelLocator.EnvironmentVariable, missingError);
        Assert.Contains("Llama-Test-1B", missingError);
    }

    [Fact]
    public void A_changed_base_checkpoint_fails_with_the_differing_file()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        File.WriteAllText(Path.Combine(f.BaseDir, "tokenizer.json"), """{"version":"1.0","model":{"type":"BPE","vocab":{"b":0}}}""");
        var ex = Assert.ThrowsAny<Exception>(() => f.Ml.Model.Load(zip, out _));
        var message = TextColumnTransformerTests.Flatten(ex);
        Assert.Contains("tokenizer.json has SHA-256", message);
        Assert.Contains("not the one this model was trained on", message);
    }

    [Fact]
    public void A_load_option_directory_takes_precedence_and_is_verified()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        var other = FakeCheckpoint.Create(Path.Combine(f.Temp, "other"), modelType: "mistral");
        var ex = Assert.ThrowsAny<Exception>(() => f.Ml.Model.LoadChecked(zip, out _, baseModelDirectory: other));
        Assert.Contains("config.json has SHA-256", TextColumnTransformerTests.Flatten(ex));
        Assert.Contains("load option", TextColumnTransformerTests.Flatten(ex));

        var copy = Path.Combine(f.Temp, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(f.BaseDir)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var loaded = f.Ml.Model.LoadChecked(zip, out _, baseModelDirectory: copy);
        var echo = ((TransformerChain<ITransformer>)loaded).OfType<EchoChatTransformer>().Single();
        Assert.Equal(copy, echo.BaseModelDirectory);
        Assert.Equal(copy, echo.State.BaseModel!.RecordedPath);
    }

    [Fact]
    public void Loaded_state_equals_saved_state()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        var loaded = (TransformerChain<ITransformer>)f.Ml.Model.Load(zip, out _);
        var echo = loaded.OfType<EchoChatTransformer>().Single();
        Assert.Equal(EchoChatFixture.Weights, echo.State.Blobs[EchoChatTransformer.WeightsBlob]);
        Assert.Equal(new EchoChatOptions { Prefix = "Doctor: ", MaxWords = 4 }, echo.Options);
        Assert.Equal(BaseModelReference.FromDirectory(f.BaseDir).Files, echo.State.BaseModel!.Files);
        Assert.Equal(3, echo.State.BaseModel.Files.Count);
    }

    [Fact]
    public void A_corrupted_blob_is_detected()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        ZipPatch.CorruptEntry(zip, EchoChatTransformer.WeightsBlob);
        var ex = Assert.ThrowsAny<Exception>(() => f.Ml.Model.Load(zip, out _));
        Assert.Contains($"entry '{EchoChatTransformer.WeightsBlob}' is corrupt: SHA-256", TextColumnTransformerTests.Flatten(ex));
    }

    [Fact]
    public void A_newer_state_component_fails_clearly()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        Assert.Equal(1, ZipPatch.SetComponentVersions(zip, "MEDECHOT", written: 0x00030001, readable: 0x00020001));
        var message = TextColumnTransformerTests.Flatten(Assert.ThrowsAny<Exception>(() => f.Ml.Model.Load(zip, out _)));
        Assert.Contains("'EchoChatTransformer' component", message);
        Assert.Contains("reads up to 0x00010001", message);
    }

    [Fact]
    public void A_path_traversal_entry_is_rejected_by_the_stateful_loader()
    {
        using var f = new EchoChatFixture();
        var zip = f.Save("echo.zip");
        ZipPatch.AddEntry(zip, "..\\..\\weights.bin", "x");
        var message = TextColumnTransformerTests.Flatten(Assert.ThrowsAny<Exception>(() => f.Ml.Model.Load(zip, out _)));
        Assert.Contains("unsafe path", message);
    }

    [Theory]
    [InlineData("../weights.bin")]
    [InlineData("a/b.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("options.json")]
    [InlineData("Model.key")]
    [InlineData("")]
    public void Unsafe_or_reserved_blob_names_are_refused(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TransformerState("{}", new Dictionary<string, byte[]> { [name] = [1] }));
        Assert.Contains("not allowed", ex.Message);
    }

    [Fact]
    public void Saving_requires_the_base_directory_when_a_base_is_referenced()
    {
        using var f = new EchoChatFixture();
        var state = new TransformerState("{}", null, BaseModelReference.FromDirectory(f.BaseDir));
        Assert.Throws<ArgumentException>(() => new NoBaseDirTransformer(f.Ml, state));
    }

    private sealed class NoBaseDirTransformer(IHostEnvironment env, TransformerState state) : StatefulTransformerBase(env, "x", state, null)
    {
        private protected override VersionInfo GetVersionInfo() => EchoChatTransformer.MakeVersionInfo();
        protected override IRowMapper MakeRowMapper(DataViewSchema schema) => throw new NotSupportedException();
        protected override string WriteOptions() => State.OptionsJson;
    }
}
