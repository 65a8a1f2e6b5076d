using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Metrics;

public class TokenizerTests
{
    // NLTKWordTokenizer.tokenize docstring example (NLTK 3.8, nltk/tokenize/destructive.py).
    [Fact]
    public void NltkDocstringExample()
    {
        const string s = "Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.";
        Assert.Equal(["Good", "muffins", "cost", "$", "3.88", "(", "roughly", "3,36", "euros", ")", "in", "New", "York.",
            "Please", "buy", "me", "two", "of", "them.", "Thanks", "."], NltkWordTokenizer.Tokenize(s));
    }

    [Fact]
    public void NltkContractionsAndQuotes()
    {
        Assert.Equal(["I", "ca", "n't", "go", ",", "she", "'s", "ill", "."], NltkWordTokenizer.Tokenize("I can't go, she's ill."));
        Assert.Equal(["``", "can", "not", "''"], NltkWordTokenizer.Tokenize("\"cannot\""));
    }

    [Theory]
    [InlineData("Hello, world!", "Hello , world !")]
    [InlineData("Take 2.5 mg, twice.", "Take 2.5 mg , twice .")]
    [InlineData("5-10 days &amp; rest", "5 - 10 days & rest")]
    public void Sacrebleu13a(string input, string expected) => Assert.Equal(expected, BleuTokenizers.Tokenize13a(input));

    [Fact]
    public void SacrebleuZhSplitsCjkAndQuirkyRanges()
    {
        Assert.Equal("发 烧 38.5 度 。", BleuTokenizers.TokenizeZh("发烧38.5度。"));
        // U+2019 (’) is inside sacrebleu's accidental U+2001..U+2A6D "Chinese" range.
        Assert.True(BleuTokenizers.IsSacrebleuChinese('\u2019'));
        Assert.False(BleuTokenizers.IsSacrebleuChinese(0x20000));
    }

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("running", "run")]
    [InlineData("hopping", "hop")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("dying", "die")]
    [InlineData("skies", "sky")]
    [InlineData("dies", "die")]
    [InlineData("is", "is")]
    public void PorterNltkExtensions(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void RougeTokenizers()
    {
        Assert.Equal(["fever", "38", "5", "c"], RougeTokenizer.TokenizeEnglish("Fever: 38.5°C", stem: false));
        Assert.Equal(["treat", "with", "medicin"], RougeTokenizer.TokenizeEnglish("treated with medicines", stem: true));
        Assert.Equal(["发", "烧", "38", "5", "度", "ok"], RougeTokenizer.TokenizeChinese("发烧38.5度，OK"));
    }

    [Fact]
    public void PythonWhitespaceAndLower()
    {
        Assert.Equal(["a", "b"], PyText.Split("a\u001fb"));
        Assert.Equal("i\u0307stanbul", PyText.Lower("İstanbul"));
    }
}
