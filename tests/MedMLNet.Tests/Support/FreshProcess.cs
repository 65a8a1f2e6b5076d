using System.Diagnostics;

namespace MedMLNet.Tests.Support;

/// <summary>Runs this test assembly as a console app in a new process (see <see cref="Program"/>).</summary>
public static class FreshProcess
{
    /// <summary>Runs MODE ARGS; returns (exit code, stderr).</summary>
    public static (int ExitCode, string Error) Run(IDictionary<string, string?>? environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("MEDMLNET_BASE_MODEL_DIR");
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
            psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(true); throw new TimeoutException("fresh process did not finish in 60 s"); }
        _ = stdout.Result;
        return (p.ExitCode, stderr);
    }
}
