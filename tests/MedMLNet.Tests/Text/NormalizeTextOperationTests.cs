using MedMLNet.Text;

namespace MedMLNet.Tests.Text;

public class NormalizeTextOperationTests
{
    [Theory]
    [InlineData("  chest\t\tpain \n now ", "chest pain now")]
    [InlineData("ＢＰ　１２０／８０", "BP 120/80")]     // full-width letters, digits, ideographic space (NFKC)
    [InlineData("头痛\u3000三天", "头痛 三天")]
    [InlineData("", "")]
    public void Normalizes_unicode_and_collapses_whitespace(string input, string expected) =>
        Assert.Equal(expected, new NormalizeTextOperation(new NormalizeTextOptions()).Apply(input));

    [Fact]
    public void Options_turn_steps_off()
    {
        var op = new NormalizeTextOperation(new NormalizeTextOptions { CollapseWhitespace = false, Trim = false, Form = System.Text.NormalizationForm.FormC });
        Assert.Equal(" ＢＰ  x ", op.Apply(" ＢＰ  x "));
    }
}
