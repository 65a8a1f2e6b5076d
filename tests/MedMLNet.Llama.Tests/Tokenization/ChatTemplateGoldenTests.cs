using System.Text.Json;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>The four conversations of chat_cases.jsonl (Meta-Llama-3-8B-Instruct template): text, ids and ids_hf exactly.</summary>
[Collection(RealLlama3Collection.Name)]
public sealed class ChatTemplateGoldenTests(RealLlama3Fixture real)
{
    private static readonly Lazy<List<JsonElement>> Cases = new(() =>
        File.ReadLines(RepoPaths.Fixture("tokenizer", "chat_cases.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList());

    public static TheoryData<int> CaseIndices() => new(Enumerable.Range(0, Cases.Value.Count));

    private ChatTemplate Template => new(real.Tokenizer, ChatTemplateStyle.Llama3);

    private static (List<ChatMessage> Messages, bool Gen) Input(JsonElement c) =>
        (c.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList(),
         c.GetProperty("add_generation_prompt").GetBoolean());

    private static int[] IdsOf(JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Fact]
    public void FixtureHasFourConversations() => Assert.Equal(4, Cases.Value.Count);

    [Fact]
    public void ThePackagedBaseTemplateIsDetectedAsLlama3Style() =>
        Assert.Equal(ChatTemplateStyle.Llama3, new ChatTemplate(real.Tokenizer).Style);

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void TextIsExact(int index)
    {
        var (messages, gen) = Input(Cases.Value[index]);
        Assert.Equal(Cases.Value[index].GetProperty("text").GetString(), Template.Render(messages, gen));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void IdsAreExact(int index)
    {
        var (messages, gen) = Input(Cases.Value[index]);
        var prompt = Template.Apply(messages, gen);
        Assert.Equal(IdsOf(Cases.Value[index], "ids"), prompt.Ids);
        Assert.Equal(Cases.Value[index].GetProperty("text").GetString(), prompt.Text);
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void TrustedEncodingOfTheTextGivesHuggingFaceIds(int index)
    {
        var c = Cases.Value[index];
        Assert.Equal(IdsOf(c, "ids_hf"), real.Tokenizer.EncodeTrusted(c.GetProperty("text").GetString()!));
    }
}
