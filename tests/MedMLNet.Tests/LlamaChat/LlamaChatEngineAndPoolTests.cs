using MedMLNet.TestKit;
using System.Text.Json;
using MedMLNet.Catalogs;
using MedMLNet.LlamaChat;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Prediction;
using MedMLNet.Tests.Support;
using Microsoft.ML;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>The zero-shot chat transformer on a tiny random Llama: engine = generator, save/load, pool, missing base.</summary>
public class LlamaChatEngineAndPoolTests
{
    private static readonly LlamaChatOptions Options = new() { MaxNewTokens = 6 };

    private static readonly ChatRequest[] Requests =
    [
        ChatRequest.FromTurns("", ("user", "I have a headache.")),
        ChatRequest.FromTurns("You are a careful doctor.", ("user", "胸痛两小时")),
        ChatRequest.FromTurns("", ("user", "Fever?"), ("assistant", "How high?"), ("user", "39 C")),
    ];

    [Fact]
    public void PredictionEngine_answers_equal_the_generators_greedy_output()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ZeroShot(dir, Options);
        Assert.False(model.HasAdapter);
        using var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);

        using var llama = LlamaForCausalLM.FromPretrained(dir);
        var tokenizer = Llama3Tokenizer.FromPretrained(dir);
        var template = new ChatTemplate(tokenizer);
        foreach (var request in Requests)
        {
            var messages = new List<ChatMessage>();
            if (request.SystemPrompt.Length > 0) messages.Add(ChatMessage.System(request.SystemPrompt));
            messages.AddRange(request.Roles.Zip(request.Messages, (r, m) => new ChatMessage(r, m)));
            var prompt = template.Encode(messages, addGenerationPrompt: true);
            int[] stops = [.. llama.GenerationConfig.EosTokenIds, tokenizer.EndOfTurnId, tokenizer.StartHeaderId];
            var expected = new LlamaGenerator(llama).Generate([prompt], new GenerationOptions { MaxNewTokens = 6, StopTokenIds = stops })[0];

            var reply = engine.Predict(request);
            Assert.Equal(prompt.Length, reply.PromptTokens);
            Assert.Equal(expected.Tokens.Count, reply.CompletionTokens);
            Assert.Equal(expected.Tokens.Select(t => t.LogProb).ToArray(), reply.TokenLogProbs);
            Assert.Equal(tokenizer.Decode(expected.Ids.Where(id => !stops.Contains(id)), skipSpecialTokens: true), reply.Reply);
            Assert.Equal(expected.Ids.Select(id => tokenizer.Decode([id])).ToArray(), reply.Tokens);
            Assert.Equal(Math.Exp(expected.Tokens.Average(t => (double)t.LogProb)), reply.Confidence, 5);
            Assert.Equal(expected.FinishReason == FinishReason.Length ? "length" : "stop", reply.FinishReason);
        }
    }

    [Fact]
    public void Save_then_load_in_a_fresh_process_gives_identical_greedy_answers()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ChatModel(dir, options: Options);
        var zip = tmp.File("chat.zip");
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(Requests).Schema, zip);
        File.WriteAllText(tmp.File("requests.json"), JsonSerializer.Serialize(Requests));

        var (code, error) = FreshProcess.Run(null, "chat", zip, tmp.File("requests.json"), tmp.File("out.json"));
        Assert.True(code == 0, error);
        Assert.Equal(FreshProcessModes.ChatOutputs(ml, model, Requests), File.ReadAllText(tmp.File("out.json")));
    }

    [Fact]
    public void Pool_under_concurrent_calls_gives_the_sequential_answers()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ChatModel(dir, options: Options);
        using var pool = new ChatPredictionPool(ml, model);
        var sequential = Requests.Select(r => JsonSerializer.Serialize(pool.Predict(r))).ToArray();

        var work = Enumerable.Range(0, 4 * Requests.Length).Select(i => i % Requests.Length).ToArray();
        var concurrent = new string[work.Length];
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => concurrent[i] = JsonSerializer.Serialize(pool.Predict(Requests[work[i]])));

        for (var i = 0; i < work.Length; i++) Assert.Equal(sequential[work[i]], concurrent[i]);
    }

    [Fact]
    public void LoadAdapter_with_a_missing_folder_names_it()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var ml = new MLContext();
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ml.Llama.LoadAdapter(tmp.File("base"), tmp.File("no-adapter")));
        Assert.Contains(tmp.File("no-adapter"), ex.Message);
    }

    [Fact]
    public void Pool_rejects_a_model_without_chat_columns()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Question = "q" } });
        var notChat = ml.Transforms.Medical.NormalizeText("Question").Fit(data);
        Assert.ThrowsAny<Exception>(() => new ChatPredictionPool(ml, notChat));
    }

    [Fact]
    public void Moved_base_checkpoint_is_a_clear_error_and_is_found_through_the_option()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        string zip = tmp.File("chat.zip"), expected;
        using (var model = ml.Llama.ChatModel(dir, options: Options))
        {
            ml.Model.Save(model, ml.Data.LoadFromEnumerable(Requests).Schema, zip);
            expected = FreshProcessModes.ChatOutputs(ml, model, Requests);
        }
        var moved = Directory.CreateDirectory(tmp.File("moved")).FullName;
        Directory.Move(dir, Path.Combine(moved, "base"));

        var missing = Assert.ThrowsAny<Exception>(() => ml.Model.LoadChecked(zip, out _));
        Assert.Contains(dir, missing.ToString());

        var loaded = ml.Model.LoadChecked(zip, out _, baseModelDirectory: moved);
        try { Assert.Equal(expected, FreshProcessModes.ChatOutputs(ml, loaded, Requests)); }
        finally { (loaded as IDisposable)?.Dispose(); }
    }
}
