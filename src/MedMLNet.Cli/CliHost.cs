using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace MedMLNet.Cli;

/// <summary>
/// Runs the parsed command and maps failures to exit codes: 0 ok, 1 a user error (bad input, missing
/// file: one line naming the problem and the fix), 2 an internal error (with the stack trace under --verbose
/// or MEDMLNET_VERBOSE=1), 130 cancelled (Ctrl-C).
/// </summary>
internal static class CliHost
{
    public const int Ok = 0, UserError = 1, InternalError = 2, Cancelled = 130;

    /// <summary>`--verbose [FILE]` on every verb: a diagnostic log (arguments, timing, exit code, stack traces) in FILE.</summary>
    public static readonly Option<string?> VerboseOption = new("--verbose")
    {
        Description = "Write a diagnostic log (arguments, timing, exit code, stack traces; never record text) to FILE (default medmlnet.log).",
        Recursive = true, Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>`--log-text` on every verb: logs, reports and error messages may contain raw record text (off: never).</summary>
    public static readonly Option<bool> LogTextOption = new("--log-text")
    {
        Description = "Allow raw patient/record text in logs, reports and error messages (off by default: text arguments are logged as their length, errors pass through the PHI redactor).",
        Recursive = true,
    };

    /// <summary>The `medmlnet` root command with every verb in Verbs/ and the global options.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("medmlnet — fine-tune and serve Llama 3 for medical dialogue, inside ML.NET.\n" +
            "Start with `medmlnet demo`; every verb has --help with examples.") { VerboseOption, LogTextOption };
        foreach (var verb in CliVerbs.All()) root.Add(verb.Build());
        return root;
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // Spectre's AnsiConsole binds to the Console.Out of its first use; bind it to the current one for this run
        // (an embedding host or a test may have redirected Console.Out since).
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var parse = root.Parse(args);
        var privacy = new LogPrivacy(parse.GetValue(LogTextOption));
        using var log = parse.GetResult(VerboseOption) is null ? null : DiagnosticLog.Open(parse.GetValue(VerboseOption) ?? "medmlnet.log", args, privacy);
        var exit = await InvokeAsync(parse, log, privacy);
        log?.Finish(exit);
        return exit;
    }

    private static async Task<int> InvokeAsync(ParseResult parse, DiagnosticLog? log, LogPrivacy privacy)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("medmlnet: cancelled.");
            return Cancelled;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"medmlnet: {privacy.Text(e.Message)}");
            if (Verbose) Console.Error.WriteLine(privacy.Text(e.ToString()));
            log?.Exception(e);
            return UserError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"medmlnet: internal error: {e.GetType().Name}: {privacy.Text(e.Message)}");
            Console.Error.WriteLine(Verbose ? privacy.Text(e.ToString()) : log is null ? "  (set MEDMLNET_VERBOSE=1 or add --verbose for the stack trace; please report it)" : $"  (stack trace in {log.Path})");
            log?.Exception(e);
            return InternalError;
        }
    }

    private static bool Verbose => Environment.GetEnvironmentVariable("MEDMLNET_VERBOSE") is "1" or "true";

    /// <summary>Errors caused by what the user gave us (files, data, options), not by a bug.</summary>
    public static bool IsUserError(Exception e) => e is CliUserException or FileNotFoundException or DirectoryNotFoundException
        or InvalidDataException or FormatException or JsonException or ArgumentException or NotSupportedException
        or UnauthorizedAccessException or PathTooLongException
        || (e is IOException io && io.HResult == unchecked((int)0x80070070)); // ENOSPC / disk full
}

/// <summary>A user error with a message that says what was wrong and how to fix it.</summary>
internal sealed class CliUserException(string message) : Exception(message);
