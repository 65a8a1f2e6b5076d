using System.CommandLine;
using System.Text.Json;

namespace MedMLNet.Cli;

/// <summary>
/// Runs the parsed command and maps failures to exit codes: 0 ok, 1 a user error (bad input, missing
/// file: one line naming the problem and the fix), 2 an internal error (with the stack trace under --verbose
/// or MEDMLNET_VERBOSE=1), 130 cancelled (Ctrl-C).
/// </summary>
internal static class CliHost
{
    public const int Ok = 0, UserError = 1, InternalError = 2, Cancelled = 130;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
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
            Console.Error.WriteLine($"medmlnet: {e.Message}");
            if (Verbose) Console.Error.WriteLine(e);
            return UserError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"medmlnet: internal error: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(Verbose ? e.ToString() : "  (set MEDMLNET_VERBOSE=1 for the stack trace; please report it)");
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
