namespace MedMLNet.Data;

/// <summary>One redacted stretch: [<see cref="Start"/>, <see cref="End"/>) in the ORIGINAL text.</summary>
/// <param name="Type">What was found.</param>
/// <param name="Start">Start offset (UTF-16 code units) in the original text.</param>
/// <param name="End">End offset (exclusive) in the original text.</param>
public readonly record struct RedactionSpan(PhiType Type, int Start, int End)
{
    /// <summary>Length in the original text.</summary>
    public int Length => End - Start;
}

/// <summary>The redacted text and the spans of the original that were replaced (sorted, non-overlapping).</summary>
/// <param name="Text">The text with each span replaced by its placeholder.</param>
/// <param name="Spans">Replaced spans, offsets into the original text.</param>
public sealed record RedactionResult(string Text, IReadOnlyList<RedactionSpan> Spans)
{
    /// <summary>How many spans of each type (never the values).</summary>
    public IReadOnlyDictionary<PhiType, int> CountsByType =>
        Spans.GroupBy(s => s.Type).ToDictionary(g => g.Key, g => g.Count());
}
