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

    /// <summary>Placeholder text for a type (default <c>[TYPE]</c>).</summary>
    public Func<PhiType, string> Placeholder { get; init; } = PhiTypes.Placeholder;
}
