using System.Text.RegularExpressions;

namespace MedMLNet.Data.Redaction;

/// <summary>
/// One detector: a regex whose group "v" (or whole match) is the identifier, an optional validator of the value,
/// and an optional trimmer that shrinks the span. Lower <see cref="Priority"/> wins overlaps.
/// </summary>
internal sealed record PhiPattern(PhiType Type, Regex Regex, int Priority, bool Chinese = false,
    Func<string, bool>? Validate = null, Func<string, int, int, (int Start, int End)>? Trim = null, bool BareNumber = false)
{
    /// <summary>Candidate spans in <paramref name="text"/>.</summary>
    public IEnumerable<(RedactionSpan Span, int Priority)> Find(string text)
    {
        foreach (Match m in Regex.Matches(text))
        {
            var g = m.Groups["v"];
            var (start, end) = g.Success ? (g.Index, g.Index + g.Length) : (m.Index, m.Index + m.Length);
            if (Trim is not null) (start, end) = Trim(text, start, end);
            if (end <= start) continue;
            if (Validate is not null && !Validate(text[start..end])) continue;
            yield return (new RedactionSpan(Type, start, end), Priority);
        }
    }
}
