using MedMLNet.Data;

namespace MedMLNet.Cli;

/// <summary>
/// What the CLI may print or log about patient text. Without <c>--log-text</c>: the values of text-carrying options
/// (<c>--prompt</c>, <c>--reply</c>, <c>--system-prompt</c>) are logged as their length only, and every error
/// message and stack trace passes through the PHI redactor before it reaches the terminal or the log (all but its
/// bare-number rule: the long numbers in errors are the byte counts and offsets of the file they name).
/// </summary>
internal sealed class LogPrivacy(bool logText)
{
    private static readonly HashSet<string> TextOptions = new(StringComparer.Ordinal) { "--prompt", "--reply", "--system-prompt" };
    private static readonly PhiRedactor Redactor = new(new RedactionOptions { BareNumbers = false }); // keeps sizes and offsets in file errors

    /// <summary>True when raw text may be logged (<c>--log-text</c>).</summary>
    public bool LogText { get; } = logText;

    /// <summary>The arguments as the log records them.</summary>
    public IEnumerable<string> Arguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var eq = a.IndexOf('=');
            if (!LogText && eq > 0 && TextOptions.Contains(a[..eq])) { yield return $"{a[..eq]}=<{a.Length - eq - 1}-characters>"; continue; }
            yield return a;
            if (!LogText && TextOptions.Contains(a) && i + 1 < args.Length) yield return $"<{args[++i].Length}-characters>";
        }
    }

    /// <summary>An error message or trace as it may be shown and logged.</summary>
    public string Text(string text) => LogText ? text : Redactor.Redact(text).Text;
}
