using System.Text;
using MedMLNet.State;

namespace MedMLNet.Text;

/// <summary>Options of <see cref="NormalizeTextOperation"/>.</summary>
public sealed record NormalizeTextOptions
{
    /// <summary>Unicode normalization form applied first (default NFKC: full-width digits and letters become ASCII).</summary>
    public NormalizationForm Form { get; init; } = NormalizationForm.FormKC;

    /// <summary>Collapse every run of whitespace (including line breaks and U+3000) to one space.</summary>
    public bool CollapseWhitespace { get; init; } = true;

    /// <summary>Remove leading and trailing whitespace.</summary>
    public bool Trim { get; init; } = true;
}

/// <summary>Unicode normalization plus whitespace collapsing and trimming: one text column in, one out.</summary>
public sealed class NormalizeTextOperation(NormalizeTextOptions options) : TextColumnOperation<NormalizeTextOptions>(options)
{
    /// <summary>The saved name.</summary>
    public const string OperationName = "medmlnet.normalize-text";

    /// <summary>Form, CollapseWhitespace, Trim.</summary>
    public const int VersionInitial = 1;

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = VersionInitial;

    /// <summary>The saved fields of the options and the version that first wrote each.</summary>
    internal static readonly StateFields<NormalizeTextOptions> Format = new(() => new NormalizeTextOptions(),
        StateField.Enum<NormalizeTextOptions, NormalizationForm>("Form", VersionInitial, o => o.Form, (o, v) => o with { Form = v }),
        StateField.Bool<NormalizeTextOptions>("CollapseWhitespace", VersionInitial, o => o.CollapseWhitespace, (o, v) => o with { CollapseWhitespace = v }),
        StateField.Bool<NormalizeTextOptions>("Trim", VersionInitial, o => o.Trim, (o, v) => o with { Trim = v }));

    /// <inheritdoc />
    protected override StateFields<NormalizeTextOptions> OptionsFormat => Format;

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <inheritdoc />
    public override int Version => CurrentVersion;

    /// <inheritdoc />
    public override string Apply(string text)
    {
        var s = text.IsNormalized(Options.Form) ? text : text.Normalize(Options.Form);
        if (Options.CollapseWhitespace) s = Collapse(s);
        return Options.Trim ? s.Trim() : s;
    }

    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        var inSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace) sb.Append(' ');
                inSpace = true;
            }
            else
            {
                sb.Append(c);
                inSpace = false;
            }
        }
        return sb.ToString();
    }
}
