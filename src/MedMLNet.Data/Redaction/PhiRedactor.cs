using System.Text;
using MedMLNet.Data.Redaction;

namespace MedMLNet.Data;

/// <summary>
/// Finds and replaces protected health information in English and Chinese text with typed placeholders
/// (<c>[NAME]</c>, <c>[PHONE]</c>, <c>[EMAIL]</c>, <c>[URL]</c>, <c>[IP]</c>, <c>[ADDRESS]</c>, <c>[DATE]</c>,
/// <c>[AGE]</c>, <c>[ID]</c>, <c>[MRN]</c>), keeping clinical content (doses, vitals, lab values, bare years,
/// ICD-10 codes). Thread-safe and deterministic.
/// </summary>
/// <example><code>
/// var r = new PhiRedactor().Redact("Call me at 555-123-4567, BP 120/80.");
/// // r.Text == "Call me at [PHONE], BP 120/80."; r.Spans[0] == (Phone, 11, 23)
/// </code></example>
public sealed class PhiRedactor
{
    private readonly RedactionOptions options;
    private readonly PhiPattern[] patterns;

    /// <summary>A redactor with <paramref name="options"/> (default: every type, EN + ZH).</summary>
    public PhiRedactor(RedactionOptions? options = null)
    {
        this.options = options ?? new RedactionOptions();
        patterns = (this.options.English ? EnglishPhiPatterns.All() : [])
            .Concat(this.options.Chinese ? ChinesePhiPatterns.All() : [])
            .Where(p => this.options.Types.Contains(p.Type) && (this.options.BareNumbers || !p.BareNumber))
            .ToArray();
    }

    /// <summary>The identifiers in <paramref name="text"/>: sorted, non-overlapping spans into it.</summary>
    public IReadOnlyList<RedactionSpan> Detect(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var guard = ClinicalGuard.Find(text);
        var candidates = patterns.SelectMany(p => p.Find(text))
            .Where(c => !ClinicalGuard.Guards(c.Span.Type) || !guard.Any(g => Overlaps(g, (c.Span.Start, c.Span.End))))
            .OrderBy(c => c.Priority).ThenByDescending(c => c.Span.Length).ThenBy(c => c.Span.Start);
        var chosen = new List<RedactionSpan>();
        foreach (var (span, _) in candidates)
            if (!chosen.Any(s => Overlaps((s.Start, s.End), (span.Start, span.End))))
                chosen.Add(span);
        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));
        return chosen;
    }

    /// <summary>Redacts <paramref name="text"/>: the placeholders replace the spans returned with it.</summary>
    public RedactionResult Redact(string text)
    {
        var spans = Detect(text);
        if (spans.Count == 0) return new RedactionResult(text, spans);
        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var s in spans)
        {
            sb.Append(text, at, s.Start - at).Append(options.Placeholder(s.Type));
            at = s.End;
        }
        sb.Append(text, at, text.Length - at);
        return new RedactionResult(sb.ToString(), spans);
    }

    private static bool Overlaps((int Start, int End) a, (int Start, int End) b) => a.Start < b.End && b.Start < a.End;
}
