using System.Text.Json;
using MedMLNet.Catalogs;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using MedMLNet.Tests.Support;
using Microsoft.ML;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>The real Llama chat components on a tiny byte-level checkpoint the test builds.</summary>
public class LlamaChatTransformerTests
{
    private static readonly ChatRequest[] Requests =
    [
        ChatRequest.FromTurns("Be careful.", ("user", "fever 3 days?")),
        ChatRequest.FromTurns("", ("user", "头痛"), ("assistant", "多久了？"), ("user", "两天")),
    ];

    private static string WriteChats(string dir, int n)
    {
        var path = Path.Combine(dir, "train.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, n).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"fever {i}?" }, new { role = "assistant", content = "rest, fluids" } }, id = $"r{i}",
        })));
        return path;
    }

    /// <summary>What LlamaGenerator alone answers for a request (stopping where a chat reply stops), with the adapter folder applied directly.</summary>
    private static string Greedy(string baseDir, string? adapterDir, ChatRequest request, int maxNew)
    {
        using var model = LlamaForCausalLM.FromPretrained(baseDir);
        using var adapter = adapterDir is null ? null : PeftAdapter.Apply(model, adapterDir);
        var tokenizer = Llama3Tokenizer.FromPretrained(baseDir);
        var messages = new List<ChatMessage>();
        if (request.SystemPrompt.Length > 0) messages.Add(ChatMessage.System(request.SystemPrompt));
        messages.AddRange(request.Roles.Zip(request.Messages, (r, m) => new ChatMessage(r, m)));
        int[] stops = [.. model.GenerationConfig.EosTokenIds, tokenizer.EndOfTurnId, tokenizer.StartHeaderId];
        var result = new LlamaGenerator(model, adapter?.Prefix).Generate([new ChatTemplate(tokenizer).Encode(messages, true)], new GenerationOptions { MaxNewTokens = maxNew, StopTokenIds = stops })[0];
        return tokenizer.Decode(result.Ids.Where(id => !stops.Contains(id)), skipSpecialTokens: true);
    }

    [Fact]
    public void LoraTrainerFitsSavesAndReloadsInAFreshProcessWithIdenticalAnswers()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var trainer = ml.Llama.LoraTrainer(new LlamaLoraOptions
        {
            ModelPath = baseDir, Dropout = 0,
            Training = new TrainingOptions { MaxSteps = 4, BatchSize = 4, LearningRate = 1e-2, SequenceLength = 64, EvalEvery = 2 },
            ValidationSet = ml.Llama.LoadChatRecords(WriteChats(dir.Path, 4), holdOutReference: false),
            Progress = new ListProgress(reports), Chat = new LlamaChatOptions { MaxNewTokens = 6 },
        });
        var data = ml.Llama.LoadChatRecords(WriteChats(dir.Path, 12), holdOutReference: false);
        using var model = trainer.Fit(data);
        Assert.Equal(4, reports.Count);
        Assert.Contains(reports, r => r.ValidationLoss is not null);
        Assert.True(model.HasAdapter);

        var adapterDir = Path.Combine(dir.Path, "adapter");
        model.SaveAdapter(adapterDir);
        var expected = FreshProcessModes.ChatOutputs(ml, model, Requests);
        var replies = JsonSerializer.Deserialize<ChatReply[]>(expected)!;
        for (var i = 0; i < Requests.Length; i++)
        {
            Assert.Equal(Greedy(baseDir, adapterDir, Requests[i], 6), replies[i].Reply);
            Assert.Equal(replies[i].CompletionTokens, replies[i].TokenLogProbs.Length);
            Assert.All(replies[i].TokenLogProbs, lp => Assert.True(lp <= 0));
        }

        var zip = Path.Combine(dir.Path, "triage.zip");
        ml.Model.Save(model, data.Schema, zip);
        var requests = Path.Combine(dir.Path, "requests.json");
        File.WriteAllText(requests, JsonSerializer.Serialize(Requests));
        var output = Path.Combine(dir.Path, "out.json");
        var (code, error) = FreshProcess.Run(null, "chat", zip, requests, output);
        Assert.True(code == 0, error);
        Assert.Equal(expected, File.ReadAllText(output));
    }

    [Fact]
    public void ZeroShotAnswersEqualTheGeneratorAndEvaluateScoresTheReplies()
    {
        using var dir = RepoPaths.TempDir();
        var baseDir = Path.Combine(dir.Path, "base");
        TinyCheckpoint.Make(baseDir);
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ChatModel(baseDir, options: new LlamaChatOptions { MaxNewTokens = 5 });
        Assert.False(model.HasAdapter);
        using var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);
        Assert.Equal(Greedy(baseDir, null, Requests[0], 5), engine.Predict(Requests[0]).Reply);

        var test = ml.Llama.LoadChatRecords(WriteChats(dir.Path, 3), holdOutReference: true);
        var metrics = ml.Llama.Evaluate(model.Transform(test), model: model);
        Assert.Equal(3, metrics.Text.Count);
        Assert.True(metrics.Perplexity > 1);
        Assert.InRange(metrics.RougeL, 0, 1);
    }

    [Fact]
    public void MissingChatColumnsAreAClearSchemaError()
    {
        using var dir = RepoPaths.TempDir();
        TinyCheckpoint.Make(dir.Path);
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(new[] { new TextRow { Question = "hi" } });
        var trainer = ml.Llama.LoraTrainer(new LlamaLoraOptions { ModelPath = dir.Path });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(Microsoft.ML.SchemaShape.Create(rows.Schema)));
        Assert.Contains("Roles", e.Message);
        using var model = ml.Llama.ChatModel(dir.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(rows).Preview());
        var missing = Assert.Throws<DirectoryNotFoundException>(() => ml.Llama.ChatModel(dir.Path, adapterPath: Path.Combine(dir.Path, "none")));
        Assert.Contains(Path.Combine(dir.Path, "none"), missing.Message);
    }

    private sealed class ListProgress(List<TrainingProgress> list) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => list.Add(value);
    }
}
