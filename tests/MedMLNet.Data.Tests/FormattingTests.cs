using MedMLNet.Data;

namespace MedMLNet.Data.Tests;

/// <summary>Chat records: system prompts, multi-turn, multiple choice, JSON shape.</summary>
public class FormattingTests
{
    [Fact]
    public void EnglishQaGetsTheEnglishPrompt()
    {
        var chat = new ChatFormatter().Format(DialogueRecord.QuestionAnswer("1", "MedQuAD/GARD", "What is asthma?", "A lung disease."));
        Assert.Equal([("system", SystemPrompts.English), ("user", "What is asthma?"), ("assistant", "A lung disease.")],
            chat.Messages.Select(m => (m.Role, m.Content)));
        Assert.Null(chat.AnswerIdx);
        Assert.Equal("MedQuAD/GARD", chat.Source);
    }

    [Fact]
    public void ChineseRecordGetsTheChinesePromptAndCustomPromptWins()
    {
        var record = DialogueRecord.QuestionAnswer("1", "s", "高血压能吃党参吗？", "可以。");
        Assert.Equal(SystemPrompts.Chinese, new ChatFormatter().Format(record).Messages[0].Content);
        Assert.Equal("Be brief.", new ChatFormatter(new ChatFormatOptions { SystemPrompt = "Be brief." }).Format(record).Messages[0].Content);
    }

    [Fact]
    public void MultiTurnKeepsTurnsAndDropsAnUnansweredTail()
    {
        var record = new DialogueRecord
        {
            Id = "c1", Source = "s", ConversationId = "c1",
            Turns = [new("user", "I have a cough."), new("assistant", "How long?"), new("user", "Two weeks."), new("assistant", "See a doctor."), new("user", "Thanks")],
        };
        var chat = new ChatFormatter().Format(record);
        Assert.Equal(["system", "user", "assistant", "user", "assistant"], chat.Messages.Select(m => m.Role));
        Assert.Equal("conv:c1", chat.Group);
    }

    [Fact]
    public void MultipleChoiceIsLetteredWithAnswerIdx()
    {
        var record = DialogueRecord.QuestionAnswer("q", "MedQA", "Which drug treats UTI in pregnancy?", "Nitrofurantoin") with
        {
            Options = ["Ampicillin", "Ceftriaxone", "Ciprofloxacin", "Doxycycline", "Nitrofurantoin"],
            AnswerIndex = 4,
        };
        var chat = new ChatFormatter().Format(record);
        Assert.Equal("Which drug treats UTI in pregnancy?\n\nA. Ampicillin\nB. Ceftriaxone\nC. Ciprofloxacin\nD. Doxycycline\nE. Nitrofurantoin\nAnswer with the letter of the correct option.",
            chat.Messages[1].Content);
        Assert.Equal("E. Nitrofurantoin", chat.Messages[2].Content);
        Assert.Equal("E", chat.AnswerIdx);
    }

    [Fact]
    public void JsonRoundTripsAndKeepsChineseReadable()
    {
        var chat = new ChatRecord([new("system", "s"), new("user", "你好")], "id1", "src", "q:1", "B");
        var json = chat.ToJson();
        Assert.Equal("""{"messages":[{"role":"system","content":"s"},{"role":"user","content":"你好"}],"id":"id1","source":"src","group":"q:1","answer_idx":"B"}""", json);
        Assert.Equal(chat.Messages, ChatRecord.FromJson(json).Messages);
    }
}
