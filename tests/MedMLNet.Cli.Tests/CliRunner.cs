using System.CommandLine;

namespace MedMLNet.Cli.Tests;

/// <summary>Runs `medmlnet` in-process with captured stdout/stderr.</summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim gate = new(1, 1);

    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        await gate.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        try
        {
            Console.SetOut(o); Console.SetError(e);
            var exit = await CliHost.RunAsync(CliHost.CreateRoot(), args);
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout); Console.SetError(stderr);
            gate.Release();
        }
    }
}
