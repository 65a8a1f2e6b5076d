using System.ComponentModel;
using System.Diagnostics;

namespace MedMLNet.Cli.Bench;

/// <summary>Starts the Node.js/npm processes of `bench --data --peer-node`, turning a missing executable into a user error.</summary>
internal static class NodeProcess
{
    public static Process Start(ProcessStartInfo info, string hint)
    {
        try { return Process.Start(info) ?? throw new InvalidOperationException("no process"); }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new CliUserException($"--peer-node: could not start `{info.FileName}` ({e.Message}); {hint}");
        }
    }
}
