using MedMLNet.Data;

namespace MedMLNet.Text;

/// <summary>Options of <see cref="RedactPhiOperation"/>.</summary>
public sealed record RedactPhiOptions
{
    /// <summary>PHI types replaced (names of <see cref="PhiType"/>); null for every type.</summary>
    public PhiType[]? Types { get; init; }

    /// <summary>Apply the English patterns.</summary>
    public bool English { get; init; } = true;

    /// <summary>Apply the Chinese patterns.</summary>
    public bool Chinese { get; init; } = true;

    internal RedactionOptions ToRedactionOptions() => Types is null
        ? new RedactionOptions { English = English, Chinese = Chinese }
        : new RedactionOptions { English = English, Chinese = Chinese, Types = Types.ToHashSet() };
}

/// <summary>
/// The data layer's <see cref="PhiRedactor"/> on one text column: identifiers become typed placeholders
/// (<c>[NAME]</c>, <c>[PHONE]</c>, …); with two outputs, the second is the number of identifiers replaced (as text).
/// </summary>
public sealed class RedactPhiOperation : ITextColumnOperation
{
    /// <summary>The saved name.</summary>
    public const string OperationName = "medmlnet.redact-phi";

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = 1;

    private readonly PhiRedactor redactor;

    /// <summary>An operation writing the redacted text, plus the count of replaced identifiers when <paramref name="withCount"/>.</summary>
    public RedactPhiOperation(RedactPhiOptions options, bool withCount = false)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        WithCount = withCount;
        redactor = new PhiRedactor(options.ToRedactionOptions());
    }

    /// <summary>The options this operation runs with.</summary>
    public RedactPhiOptions Options { get; }

    /// <summary>Whether a second output column receives the count of replaced identifiers.</summary>
    public bool WithCount { get; }

    /// <inheritdoc />
    public string Name => OperationName;

    /// <inheritdoc />
    public int Version => CurrentVersion;

    /// <inheritdoc />
    public int InputCount => 1;

    /// <inheritdoc />
    public int OutputCount => WithCount ? 2 : 1;

    /// <inheritdoc />
    public string SaveOptions() => System.Text.Json.JsonSerializer.Serialize(new SavedOptions(Options, WithCount));

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs)
    {
        var result = redactor.Redact(inputs[0]);
        outputs[0] = result.Text;
        if (WithCount) outputs[1] = result.Spans.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static RedactPhiOperation Load(string json)
    {
        var saved = System.Text.Json.JsonSerializer.Deserialize<SavedOptions>(json)
            ?? throw new InvalidDataException($"Text operation '{OperationName}': saved options are empty.");
        return new RedactPhiOperation(saved.Options, saved.WithCount);
    }

    internal sealed record SavedOptions(RedactPhiOptions Options, bool WithCount);
}
