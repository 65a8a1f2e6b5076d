using MedMLNet.Data;
using MedMLNet.State;

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

    /// <summary>Options (Types, English, Chinese) and WithCount.</summary>
    public const int VersionInitial = 1;

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = VersionInitial;

    private static readonly StateFields<RedactPhiOptions> OptionsFormat = new(() => new RedactPhiOptions(),
        StateField.EnumArrayOrNull<RedactPhiOptions, PhiType>("Types", VersionInitial, o => o.Types, (o, v) => o with { Types = v }),
        StateField.Bool<RedactPhiOptions>("English", VersionInitial, o => o.English, (o, v) => o with { English = v }),
        StateField.Bool<RedactPhiOptions>("Chinese", VersionInitial, o => o.Chinese, (o, v) => o with { Chinese = v }));

    /// <summary>The saved fields and the version that first wrote each.</summary>
    internal static readonly StateFields<SavedOptions> Format = new(() => new SavedOptions(new RedactPhiOptions(), false),
        StateField.Object<SavedOptions, RedactPhiOptions>("Options", VersionInitial, OptionsFormat, s => s.Options, (s, v) => s with { Options = v }),
        StateField.Bool<SavedOptions>("WithCount", VersionInitial, s => s.WithCount, (s, v) => s with { WithCount = v }));

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
    public string SaveOptions() => Format.Write(new SavedOptions(Options, WithCount));

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<string> inputs, Span<string> outputs)
    {
        var result = redactor.Redact(inputs[0]);
        outputs[0] = result.Text;
        if (WithCount) outputs[1] = result.Spans.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static RedactPhiOperation Load(string json, int version)
    {
        var saved = Format.Read(json, (uint)version, TextColumnOperations.OptionsWhere(OperationName));
        return new RedactPhiOperation(saved.Options, saved.WithCount);
    }

    internal sealed record SavedOptions(RedactPhiOptions Options, bool WithCount);
}
