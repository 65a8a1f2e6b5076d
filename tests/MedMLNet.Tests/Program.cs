using MedMLNet.Tests.Support;

namespace MedMLNet.Tests;

/// <summary>
/// Console entry point used by the fresh-process tests: <c>dotnet MedMLNet.Tests.dll MODE ARGS</c> loads a saved
/// model in a new process (nothing registered, nothing cached) and writes its outputs as JSON.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0) return 0;
        try
        {
            FreshProcessModes.Run(args);
            return 0;
        }
        catch (Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
                Console.Error.WriteLine(e.GetType().FullName + ": " + e.Message);
            return 1;
        }
    }
}
