using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Models;

/// <summary>
/// Multiple-choice helpers for records formatted by MedMLNet.Data's ChatFormatter: options are the question's lines
/// "A. text", the answer is a letter. A generated answer's letter is the first standalone capital A–Z that opens the
/// reply or follows "answer"/"答案" (e.g. "B. no", "(C)", "The answer is D", "答案：A").
/// </summary>
public static partial class MultipleChoice
{
    [GeneratedRegex(@"^\s*([A-Z])\.\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"^\W*\(?([A-Z])(?:[\.\):]|\s*$)|(?i:answer(?: is)?|答案(?:是)?)\W*\(?([A-Z])\b")]
    private static partial Regex LetterPattern();

    /// <summary>The lettered options of a question, in order.</summary>
    public static IReadOnlyList<(char Letter, string Text)> Options(string question) =>
        OptionLine().Matches(question).Select(m => (m.Groups[1].Value[0], m.Groups[2].Value)).ToList();

    /// <summary>The letter a generated answer chooses, or null.</summary>
    public static char? Letter(string answer)
    {
        var m = LetterPattern().Match(answer);
        if (!m.Success) return null;
        var g = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        return char.ToUpperInvariant(g[0]);
    }
}
