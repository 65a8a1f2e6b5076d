using MedMLNet.Data;
using MedMLNet.State;

namespace MedMLNet.Text;

/// <summary>Options of <see cref="CleanTextOperation"/>: which of the data layer's <see cref="TextCleaner"/> steps run.</summary>
public sealed record CleanTextOptions
{
    /// <summary>Decode HTML entities and remove HTML tags.</summary>
    public bool StripMarkup { get; init; } = true;

    /// <summary>Unicode NFKC, except where it would change meaning.</summary>
    public bool NormalizeUnicode { get; init; } = true;

    /// <summary>Full-width punctuation → ASCII in Latin/number context; kept inside Chinese text.</summary>
    public bool HalfWidthPunctuation { get; init; } = true;

    /// <summary>Drop control and zero-width characters, collapse runs of spaces and blank lines.</summary>
    public bool NormalizeWhitespace { get; init; } = true;

    /// <summary>Drop consultation boilerplate sentences (greetings, thanks, sign-offs) in English and Chinese.</summary>
    public bool RemoveBoilerplate { get; init; } = true;

    internal CleaningOptions ToCleaningOptions() => new()
    {
        StripMarkup = StripMarkup, NormalizeUnicode = NormalizeUnicode, HalfWidthPunctuation = HalfWidthPunctuation,
        NormalizeWhitespace = NormalizeWhitespace, RemoveBoilerplate = RemoveBoilerplate,
    };
}

/// <summary>The data layer's <see cref="TextCleaner"/> (markup, Unicode, punctuation, whitespace, boilerplate) on one text column.</summary>
public sealed class CleanTextOperation(CleanTextOptions options) : TextColumnOperation<CleanTextOptions>(options)
{
    /// <summary>The saved name.</summary>
    public const string OperationName = "medmlnet.clean-text";

    /// <summary>StripMarkup, NormalizeUnicode, HalfWidthPunctuation, NormalizeWhitespace, RemoveBoilerplate.</summary>
    public const int VersionInitial = 1;

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = VersionInitial;

    /// <summary>The saved fields of the options and the version that first wrote each.</summary>
    internal static readonly StateFields<CleanTextOptions> Format = new(() => new CleanTextOptions(),
        StateField.Bool<CleanTextOptions>("StripMarkup", VersionInitial, o => o.StripMarkup, (o, v) => o with { StripMarkup = v }),
        StateField.Bool<CleanTextOptions>("NormalizeUnicode", VersionInitial, o => o.NormalizeUnicode, (o, v) => o with { NormalizeUnicode = v }),
        StateField.Bool<CleanTextOptions>("HalfWidthPunctuation", VersionInitial, o => o.HalfWidthPunctuation, (o, v) => o with { HalfWidthPunctuation = v }),
        StateField.Bool<CleanTextOptions>("NormalizeWhitespace", VersionInitial, o => o.NormalizeWhitespace, (o, v) => o with { NormalizeWhitespace = v }),
        StateField.Bool<CleanTextOptions>("RemoveBoilerplate", VersionInitial, o => o.RemoveBoilerplate, (o, v) => o with { RemoveBoilerplate = v }));

    /// <inheritdoc />
    protected override StateFields<CleanTextOptions> OptionsFormat => Format;

    private readonly TextCleaner cleaner = new(options.ToCleaningOptions());

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <inheritdoc />
    public override int Version => CurrentVersion;

    /// <inheritdoc />
    public override string Apply(string text) => cleaner.Clean(text);
}
