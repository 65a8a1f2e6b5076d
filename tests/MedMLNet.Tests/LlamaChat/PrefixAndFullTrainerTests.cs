using MedMLNet.Catalogs;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using MedMLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>
/// The prefix-tuning and full fine-tuning trainers composed after FormatChat in one ML.NET pipeline: fit with validation
/// and progress, answer as the trained weights do, save and reload.
/// </summary>
public class PrefixAndFullTrainerTests
{
    private static TextRow[] Rows(int n) => [.. Enumerable.Range(0, n).Select(i => new TextRow { Question = $"fever {i} days?", Answer = "rest and fluids" })];

    private static TrainingOptions Training => new() { MaxSteps = 4, BatchSize = 4, LearningRate = 1e-2, SequenceLength = 64, EvalEvery = 2 };

    private static readonly ChatMessage[] Probe = [ChatMessage.User("fever 3 days?")];

    private static EstimatorChain<LlamaChatTransformer> Pipeline(MLContext ml, IEstimator<LlamaChatTransformer> trainer) =>
        ml.Transforms.Medical.FormatChat("Question", "Answer").Append(trainer);

    [Fact]
    public void Prefix_trainer_fits_in_a_pipeline_and_answers_with_its_PEFT_prefix_adapter()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var formatted = ml.Transforms.Medical.FormatChat("Question", "Answer").Fit(ml.Data.LoadFromEnumerable(Rows(4))).Transform(ml.Data.LoadFromEnumerable(Rows(4)));
        var trainer = ml.Llama.PrefixTrainer(new LlamaPrefixOptions
        {
            ModelPath = baseDir, VirtualTokens = 5, Training = Training, ValidationSet = formatted,
            Progress = new Progress(reports), Chat = new LlamaChatOptions { MaxNewTokens = 6 },
        });
        var data = ml.Data.LoadFromEnumerable(Rows(12));
        var model = Pipeline(ml, trainer).Fit(data);
        Assert.Equal(4, reports.Count);
        Assert.Contains(reports, r => r.ValidationLoss is not null);
        Assert.True(reports[^1].Loss < reports[0].Loss);

        var chat = model.LastTransformer;
        Assert.True(chat.HasAdapter);
        chat.SaveAdapter(tmp.File("prefix"));
        using (var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(tmp.File("prefix/adapter_config.json"))))
            Assert.Equal("PREFIX_TUNING", config.RootElement.GetProperty("peft_type").GetString());
        using var direct = ChatModel.Load(baseDir, tmp.File("prefix"));
        Assert.Equal(5, direct.PrefixTokens);
        var expected = direct.Complete(Probe, new ChatCompletionOptions { MaxNewTokens = 6 });
        Assert.Equal(expected.Text, Reply(ml, model, "fever 3 days?"));

        var zip = tmp.File("prefix.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = ml.Model.Load(zip, out _);
        Assert.Equal(expected.Text, Reply(ml, loaded, "fever 3 days?"));
        ((IDisposable)loaded).Dispose();
        chat.Dispose();
    }

    [Fact]
    public void Full_trainer_writes_a_checkpoint_answers_from_it_and_keeps_the_base_untouched()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var baseHash = Hashes(baseDir);
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var trainer = ml.Llama.FullTrainer(new LlamaFullOptions
        {
            ModelPath = baseDir, OutputPath = tmp.File("tuned"), Training = Training with { LearningRate = 3e-3 },
            Progress = new Progress(reports), Chat = new LlamaChatOptions { MaxNewTokens = 6 },
        });
        var data = ml.Data.LoadFromEnumerable(Rows(12));
        var model = Pipeline(ml, trainer).Fit(data);
        Assert.Equal(4, reports.Count);
        Assert.True(reports[^1].Loss < reports[0].Loss);
        Assert.Equal(baseHash, Hashes(baseDir));
        Assert.True(File.Exists(tmp.File("tuned/config.json")) && File.Exists(tmp.File("tuned/tokenizer.json")));

        var chat = model.LastTransformer;
        Assert.False(chat.HasAdapter);
        Assert.Equal(Path.GetFullPath(tmp.File("tuned")), Path.GetFullPath(chat.ModelDirectory));
        using var direct = ChatModel.Load(tmp.File("tuned"));
        using var original = ChatModel.Load(baseDir);
        var tunedLogits = direct.Complete(Probe, new ChatCompletionOptions { MaxNewTokens = 6 });
        Assert.NotEqual(original.Complete(Probe, new ChatCompletionOptions { MaxNewTokens = 6 }).Tokens.Select(t => t.LogProb), tunedLogits.Tokens.Select(t => t.LogProb));
        Assert.Equal(tunedLogits.Text, Reply(ml, model, "fever 3 days?"));
        chat.Dispose();
    }

    [Fact]
    public void Full_trainer_refuses_to_overwrite_the_base_checkpoint()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        var trainer = ml.Llama.FullTrainer(new LlamaFullOptions { ModelPath = baseDir, OutputPath = baseDir, Training = Training });
        var e = Assert.Throws<ArgumentException>(() => Pipeline(ml, trainer).Fit(ml.Data.LoadFromEnumerable(Rows(4))));
        Assert.Contains("OutputPath", e.Message);
    }

    private static string Reply(MLContext ml, ITransformer model, string question)
    {
        var rows = ml.Data.LoadFromEnumerable(new[] { new TextRow { Question = question } });
        return ml.Data.CreateEnumerable<ChatReply>(model.Transform(rows), reuseRowObject: false).Single().Reply;
    }

    private static string Hashes(string dir) => string.Join(",", Directory.GetFiles(dir).Order().Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));

    private sealed class Progress(List<TrainingProgress> list) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => list.Add(value);
    }
}
