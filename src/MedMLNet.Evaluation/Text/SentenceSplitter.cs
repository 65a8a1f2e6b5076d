using System.Text.RegularExpressions;

namespace MedMLNet.Evaluation.Text;

/// <summary>
/// Sentence splitting for ROUGE-Lsum's split_summaries. rouge-score calls NLTK's Punkt (a trained model MedMLNet does
/// not ship); this is a rule-based splitter in Punkt's spirit: a sentence ends at '.', '!' or '?' (with any closing
/// quotes or brackets) before whitespace, unless the period ends a known abbreviation (Dr., e.g., mg., ...), a single
/// initial, or a number and the next word starts in lowercase; a line break also ends a sentence. 。！？ end a
/// sentence without needing whitespace (Chinese).
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "fig", "mg", "ml", "kg", "cm", "mm",
        "min", "max", "hr", "hrs", "wk", "wks", "yr", "yrs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "inc", "ltd", "co", "jr", "sr", "u.s", "u.k", "a.m", "p.m", "b.i.d", "t.i.d", "q.i.d", "p.o", "i.v",
    };

    [GeneratedRegex(@"[.!?]+[""')\]’”]*(?=\s)|[。！？]+[”’」』）)]*")]
    private static partial Regex Ender();

    /// <summary>The sentences of <paramref name="text"/>, trimmed, empty ones dropped.</summary>
    public static List<string> Split(string text)
    {
        var sentences = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var start = 0;
            foreach (Match m in Ender().Matches(line))
            {
                var end = m.Index + m.Length;
                if (m.Value[0] == '.' && !EndsSentence(line, start, m.Index, end)) continue;
                Add(line[start..end]);
                start = end;
            }
            Add(line[start..]);
        }
        return sentences;

        void Add(string s)
        {
            s = PyText.Strip(s);
            if (s.Length > 0) sentences.Add(s);
        }
    }

    private static bool EndsSentence(string line, int sentenceStart, int dot, int end)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && !PyText.IsSpace(line[wordStart - 1])) wordStart--;
        var word = line[wordStart..dot].TrimStart('(', '"', '\'', '[');
        var next = end;
        while (next < line.Length && PyText.IsSpace(line[next])) next++;
        var nextIsLower = next < line.Length && char.IsLower(line[next]);
        if (word.Length == 0) return true;
        if (Abbreviations.Contains(word)) return false;
        if (word.Length == 1 && char.IsLetter(word[0])) return false;          // an initial: "J. Smith"
        if (nextIsLower) return false;                                         // "approx. two", "2.5 mg. daily"
        return true;
    }
}
