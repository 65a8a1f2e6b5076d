using MedMLNet.Assistant;

namespace MedMLNet.Tests.Assistant;

public class RedFlagDetectorTests
{
    [Theory]
    [InlineData("I have crushing chest pain since an hour", RedFlagCategory.ChestPain)]
    [InlineData("我胸痛,出冷汗", RedFlagCategory.ChestPain)]
    [InlineData("My father's face is drooping and he has slurred speech", RedFlagCategory.Stroke)]
    [InlineData("sudden weakness in my left arm", RedFlagCategory.Stroke)]
    [InlineData("奶奶突然口角歪斜", RedFlagCategory.Stroke)]
    [InlineData("他言语不清", RedFlagCategory.Stroke)]
    [InlineData("一侧肢体无力半小时了", RedFlagCategory.Stroke)]
    [InlineData("I can't breathe properly", RedFlagCategory.BreathingDifficulty)]
    [InlineData("孩子呼吸困难", RedFlagCategory.BreathingDifficulty)]
    [InlineData("the cut has severe bleeding", RedFlagCategory.SevereBleeding)]
    [InlineData("I keep having suicidal thoughts", RedFlagCategory.Suicidal)]
    [InlineData("我想自杀", RedFlagCategory.Suicidal)]
    [InlineData("ate peanuts, my throat is swelling", RedFlagCategory.Anaphylaxis)]
    [InlineData("he is unconscious", RedFlagCategory.Unconsciousness)]
    [InlineData("病人昏迷了", RedFlagCategory.Unconsciousness)]
    [InlineData("CHEST PAIN 😱 help", RedFlagCategory.ChestPain)]
    public void FindsEmergencySigns(string text, RedFlagCategory expected) =>
        Assert.Contains(RedFlagDetector.Detect(text), f => f.Category == expected);

    [Theory]
    [InlineData("I have a mild cough and a runny nose")]
    [InlineData("头有点疼,想问一下吃什么药")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🙂🙂")]
    public void IgnoresOrdinaryQuestions(string text) => Assert.Empty(RedFlagDetector.Detect(text));

    [Fact]
    public void UrgentNoticeNamesEmergencyNumbers()
    {
        var en = SafetyNotice.Urgent(RedFlagDetector.Detect("chest pain and I fainted"), ChatLanguage.English)!;
        Assert.Contains("911", en);
        Assert.Contains("120", en);
        Assert.Contains("chest pain", en);
        Assert.Contains("loss of consciousness", en);
        var zh = SafetyNotice.Urgent(RedFlagDetector.Detect("胸痛"), ChatLanguage.Chinese)!;
        Assert.Contains("120", zh);
        Assert.Contains("胸痛", zh);
        Assert.Null(SafetyNotice.Urgent([], ChatLanguage.English));
        Assert.Contains("不能替代医生", SafetyNotice.Disclaimer(ChatLanguage.Chinese));
        Assert.Contains("not a doctor", SafetyNotice.Disclaimer(ChatLanguage.English));
    }

    [Theory]
    [InlineData("I have a headache", ChatLanguage.English)]
    [InlineData("我头疼三天了", ChatLanguage.Chinese)]
    [InlineData("我有 fever 三天", ChatLanguage.Chinese)]
    [InlineData("I took 布洛芬 for my fever yesterday", ChatLanguage.English)]
    public void DetectsLanguage(string text, ChatLanguage expected) => Assert.Equal(expected, ChatLanguageDetector.Detect(text));

    [Fact]
    public void TextWithoutLettersKeepsTheFallback() =>
        Assert.Equal(ChatLanguage.Chinese, ChatLanguageDetector.Detect("😷 123", ChatLanguage.Chinese));
}
