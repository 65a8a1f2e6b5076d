using MedMLNet.Evaluation.Models;

namespace MedMLNet.Evaluation.Tests.Models;

public class MultipleChoiceTests
{
    [Theory]
    [InlineData("B. no", 'B')]
    [InlineData("(C) maybe, because ...", 'C')]
    [InlineData("The answer is D.", 'D')]
    [InlineData("答案：A", 'A')]
    [InlineData("A", 'A')]
    public void TheChosenLetterIsRead(string answer, char letter) => Assert.Equal(letter, MultipleChoice.Letter(answer));

    [Theory]
    [InlineData("I think it depends on the dose.")]
    [InlineData("")]
    public void NoLetterIsNull(string answer) => Assert.Null(MultipleChoice.Letter(answer));

    [Fact]
    public void OptionsAreTheLetteredLinesOfTheQuestion()
    {
        var q = "Does aspirin help?\n\nA. yes\nB. no\nC. maybe\nAnswer with the letter of the correct option.";
        Assert.Equal([('A', "yes"), ('B', "no"), ('C', "maybe")], MultipleChoice.Options(q));
    }
}
