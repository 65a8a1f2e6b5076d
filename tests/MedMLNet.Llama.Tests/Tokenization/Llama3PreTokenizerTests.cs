using System.Text.RegularExpressions;
using FsCheck.Xunit;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>The scanner against the regex it implements.</summary>
public sealed class Llama3PreTokenizerTests
{
    private static readonly Regex Reference = new(Llama3PreTokenizer.Pattern, RegexOptions.CultureInvariant);

    private static string[] Pieces(string s) => [.. Llama3PreTokenizer.Split(s).Select(p => s.Substring(p.Offset, p.Length))];

    /// <summary>
    /// .NET's regex agrees with Hugging Face's (Oniguruma) on the BMP, so it is the reference there, except for U+017F ſ:
    /// Oniguruma (and tiktoken's Rust regex) case-fold it to s, so "'ſ" is a contraction, which .NET does not see.
    /// </summary>
    [Property(Arbitrary = [typeof(UnicodeArbitraries)], MaxTest = 1000)]
    public bool SameSplitsAsTheRegexOnBmpText(UnicodeText text)
    {
        var bmp = new string([.. text.Value.Where(c => !char.IsSurrogate(c)).Select(c => c == 'ſ' ? 's' : c)]);
        return Pieces(bmp).SequenceEqual(Reference.Matches(bmp).Select(m => m.Value));
    }

    [Property(Arbitrary = [typeof(UnicodeArbitraries)], MaxTest = 500)]
    public bool PiecesCoverTheTextInOrder(UnicodeText text) => string.Concat(Pieces(text.Value)) == text.Value;

    [Theory]
    [InlineData("a𠀀b", new[] { "a𠀀b" })]                       // CJK Extension B is \p{L}: one word (the .NET regex splits it in three)
    [InlineData("𝟏𝟐𝟑𝟒", new[] { "𝟏𝟐𝟑", "𝟒" })]                 // mathematical digits are \p{N}: groups of three code points
    [InlineData("😀abc", new[] { "😀abc" })]                     // the optional prefix is one code point, emoji included
    [InlineData(" 😀😀!\n\n", new[] { " 😀😀!\n\n" })]
    [InlineData("x   y", new[] { "x", "  ", " y" })]
    [InlineData("a \n\n b", new[] { "a", " \n\n", " b" })]
    [InlineData("'ſa'Sa", new[] { "'ſ", "a", "'S", "a" })]          // (?i) with Unicode case folding: ſ matches s
    [InlineData("I'M 'ſ'LL", new[] { "I", "'M", " '", "ſ", "'LL" })]
    [InlineData("1234567", new[] { "123", "456", "7" })]
    [InlineData("  ", new[] { "  " })]
    public void KnownSplits(string text, string[] expected) => Assert.Equal(expected, Pieces(text));
}
