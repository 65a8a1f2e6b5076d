namespace MedMLNet.Data;

/// <summary>What <see cref="PhiRedactor"/> looks for and how it writes placeholders.</summary>
public sealed record RedactionOptions
{
    /// <summary>The types to redact (default: all).</summary>
    public IReadOnlySet<PhiType> Types { get; init; } = Enum.GetValues<PhiType>().ToHashSet();

    /// <summary>Apply the English patterns (default true).</summary>
    public bool English { get; init; } = true;

    /// <summary>Apply the Chinese patterns (default true).</summary>
    public bool Chinese { get; init; } = true;

    /// <summary>
    /// Redact a run of 9–20 digits that has no keyword before it (default true). The CLI turns it off for its own
    /// error messages, whose long numbers are byte counts and offsets of the files it names, not patient data.
    /// </summary>
    public bool BareNumbers { get; init; } = true;

    /// <summary>Placeholder text for a type (default <c>[TYPE]</c>).</summary>
    public Func<PhiType, string> Placeholder { get; init; } = PhiTypes.Placeholder;
}
