using System.Text;

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

    /// <summary>The version this build writes.</summary>
    public const int CurrentVersion = 1;

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
