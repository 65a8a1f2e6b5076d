using MedMLNet.Catalogs;
using MedMLNet.Data.Profiles;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Tokenization;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using Microsoft.ML;

namespace MedMLNet.Tests.LlamaChat;

/// <summary>ChatReply's explanation columns (token texts, top-k alternatives, confidence) and the patient-profile input column.</summary>
public class ReplyDetailsTests
{
    [Fact]
    public void Top_k_alternatives_are_sorted_and_under_greedy_the_first_one_is_the_chosen_token()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"));
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ZeroShot(baseDir, new LlamaChatOptions { MaxNewTokens = 8, TopLogProbs = 3 });
        using var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);
        var reply = engine.Predict(ChatRequest.FromTurns("", ("user", "chest pain since morning")));

        Assert.Equal(reply.CompletionTokens, reply.TokenLogProbs.Length);
        Assert.Equal(reply.CompletionTokens, reply.Tokens.Length);
        Assert.Equal(3 * reply.CompletionTokens, reply.TopTokens.Length);
        Assert.Equal(3 * reply.CompletionTokens, reply.TopTokenLogProbs.Length);
        for (var i = 0; i < reply.CompletionTokens; i++)
        {
            var top = reply.TopTokenLogProbs.Skip(3 * i).Take(3).ToArray();
            Assert.True(top[0] >= top[1] && top[1] >= top[2]);
            Assert.Equal(reply.Tokens[i], reply.TopTokens[3 * i]);          // greedy picks the likeliest token
            Assert.Equal(reply.TokenLogProbs[i], top[0], 5);
            Assert.True(top.Sum(MathF.Exp) <= 1.0001f);
        }
        Assert.Equal(Math.Exp(reply.TokenLogProbs.Average(x => (double)x)), reply.Confidence, 5);
    }

    [Fact]
    public void Low_confidence_spans_are_the_runs_below_the_threshold()
    {
        var reply = new ChatReply
        {
            Tokens = ["Take", " rest", " and", " ibuprofen", " 400", "mg", "."],
            TokenLogProbs = [-0.1f, -0.2f, -0.05f, -2.5f, -3.0f, -0.3f, -2.4f],
        };
        // ln 0.1 = -2.3026: tokens 3-4 and 6 are below it.
        Assert.Equal([(3, 2, " ibuprofen 400"), (6, 1, ".")], reply.LowConfidenceSpans(0.1));
        Assert.Empty(reply.LowConfidenceSpans(0.01));
    }

    [Fact]
    public void A_patient_profile_row_answers_as_its_rendered_system_prompt_and_a_bad_profile_names_the_row()
    {
        using var tmp = RepoPaths.TempDir();
        var baseDir = TinyCheckpoint.Make(tmp.File("base"), maxPositions: 512);
        var ml = new MLContext(seed: 1);
        using var model = ml.Llama.ZeroShot(baseDir, new LlamaChatOptions { MaxNewTokens = 6 });
        using var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);
        var profile = PatientProfile.Create(AgeBand.Adult18To39, Sex.Female, PregnancyStatus.Pregnant, allergies: ["penicillin"]);
        var request = ChatRequest.FromTurns("You are a triage nurse.", ("user", "Can I take amoxicillin?"));
        request.PatientProfile = PatientProfileJson.Serialize(profile);
        var reply = engine.Predict(request);

        using var chat = ChatModel.Load(baseDir);
        var system = ProfilePromptRenderer.SystemPrompt("You are a triage nurse.", profile);
        var expected = chat.Complete([ChatMessage.System(system), ChatMessage.User("Can I take amoxicillin?")], new ChatCompletionOptions { MaxNewTokens = 6 });
        Assert.Equal(expected.Text, reply.Reply);
        Assert.Equal(expected.PromptTokens, reply.PromptTokens);
        Assert.NotEqual(engine.Predict(ChatRequest.FromTurns("You are a triage nurse.", ("user", "Can I take amoxicillin?"))).PromptTokens, reply.PromptTokens);

        request.PatientProfile = """{"sex":"female","name":"Jane Roe"}""";
        var e = Assert.ThrowsAny<Exception>(() => engine.Predict(request));
        Assert.Contains(ChatColumns.PatientProfile, e.Message);
        Assert.Contains("Allowed keys", e.Message);
    }
}
