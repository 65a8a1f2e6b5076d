using MedMLNet.Data;

namespace MedMLNet.Data.Tests;

/// <summary>Each cleaning step on hand-made inputs, and the record filters with their counts.</summary>
public class CleaningTests
{
    private static readonly TextCleaner Cleaner = new();

    [Theory]
    [InlineData("Gottron&amp;quot;s papules", "Gottron\"s papules")]
    [InlineData("<p>Take <b>two</b> tablets</p><script>alert(1)</script>", "Take two tablets")]
    [InlineData("BP &lt; 120 and a < b > c", "BP < 120 and a < b > c")]
    public void MarkupAndEntities(string input, string expected) => Assert.Equal(expected, Cleaner.Clean(input));

    [Theory]
    [InlineData("ＡＢＣ１２３ test", "ABC123 test")]           // full-width letters/digits fold (NFKC)
    [InlineData("dose 5 ㎎ at 37 ℃", "dose 5 mg at 37 °C")]    // compatibility units fold
    [InlineData("BSA 1.7 m² and 10⁹/L", "BSA 1.7 m² and 10⁹/L")] // superscripts are not safe to fold
    [InlineData("血压：120／80，心率正常？", "血压：120/80，心率正常？")] // ZH punctuation kept, "／" between digits folds
    [InlineData("Is it serious？Please help！", "Is it serious?Please help!")] // no CJK: all full-width punctuation folds
    public void UnicodeAndFullWidth(string input, string expected) => Assert.Equal(expected, Cleaner.Clean(input));

    [Fact]
    public void WhitespaceAndControls() =>
        Assert.Equal("a b\nc\n\nd", Cleaner.Clean("  a \t b\r\nc\u0007\n\n\n\nd\u200B  "));

    [Theory]
    [InlineData("Hi, thanks for using ChatDoctor. Your rash looks like eczema. Hope this helps. Take care.", "Your rash looks like eczema.")]
    [InlineData("Hello doctor, I have a fever.", "Hello doctor, I have a fever.")] // greeting with content in the same sentence stays
    [InlineData("您好，高血压可以吃党参。感谢您的咨询，祝您早日康复。", "高血压可以吃党参。")]
    [InlineData("党参有降压作用，期望我的解释对你有所帮助。", "党参有降压作用。")]
    public void Boilerplate(string input, string expected) => Assert.Equal(expected, Cleaner.Clean(input));

    [Fact]
    public void StepsCanBeSwitchedOff()
    {
        var off = new TextCleaner(CleaningOptions.None);
        const string text = "<b>Hi</b>  &amp; ＡＢ";
        Assert.Equal(text, off.Clean(text));
    }

    [Theory]
    [InlineData("What is asthma?", "en")]
    [InlineData("高血压可以吃党参吗？", "zh")]
    [InlineData("我有hypertension，可以吃党参吗", "zh")]
    [InlineData("¿Qué es la diabetes y cómo se trata en los niños pequeños?", "und")]
    [InlineData("12345 !!!", "und")]
    public void Language(string text, string expected) => Assert.Equal(expected, LanguageDetector.Detect(text));

    [Fact]
    public void NearDuplicatesAreFoundDeterministically()
    {
        const string a = "Asthma is a chronic disease of the airways that makes breathing difficult during attacks and at night.";
        const string b = "Asthma is a chronic disease of the airways that makes breathing difficult during attacks and at night!";
        const string c = "Diabetes is a disease in which blood glucose levels are too high because of insulin problems.";
        Assert.True(NearDuplicateIndex.EstimateSimilarity(a, b) >= 0.9);
        Assert.True(NearDuplicateIndex.EstimateSimilarity(a, c) < 0.3);
        var index = new NearDuplicateIndex(0.8);
        Assert.True(index.TryAdd(a));
        Assert.False(index.TryAdd(b));
        Assert.True(index.TryAdd(c));
    }

    [Fact]
    public void RecordFiltersAreCountedByReason()
    {
        DialogueRecord Qa(string id, string q, string a) => DialogueRecord.QuestionAnswer(id, "s", q, a);
        var records = new[]
        {
            Qa("1", "What causes migraine headaches in adults?", "Triggers include stress, sleep loss and some foods."),
            Qa("2", "what causes MIGRAINE headaches in adults", "Triggers include stress, sleep loss, and some foods"), // exact after normalization
            Qa("3", "?", "Too short a question."),
            Qa("4", "Is a cold contagious for long?", ""),
            Qa("5", "¿Qué es la diabetes y cómo se trata en los niños pequeños?", "Es una enfermedad crónica que se trata con insulina."),
            Qa("6", "高血压可以吃党参吗？", "可以，党参有降压作用。"),
        };
        var report = new CleaningReport();
        var kept = new DatasetCleaner().Clean(records, report).Select(r => r.Id).ToList();
        Assert.Equal(["1", "6"], kept);
        Assert.Equal(1, report.Removed[CleaningReport.ExactDuplicate]);
        Assert.Equal(1, report.Removed[CleaningReport.MinQuestion]);
        Assert.Equal(1, report.Removed[CleaningReport.MinAnswer]);
        Assert.Equal(1, report.Removed[CleaningReport.Language]);
        Assert.Equal(6, report.RecordsIn);
        Assert.Equal(2, report.RecordsOut);
        Assert.Equal(1, report.Languages["en"]);
        Assert.Equal(1, report.Languages["zh"]);
    }
}
