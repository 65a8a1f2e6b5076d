using System.Diagnostics;
using MedMLNet.Llama;

namespace MedMLNet.Cli;

/// <summary>
/// The `--verbose` log: appended (never truncated), one run per block — arguments, runtime, duration, exit code and
/// full exception traces. Arguments are logged as given; record text never passes through here.
/// </summary>
internal sealed class DiagnosticLog : IDisposable
{
    private readonly StreamWriter writer;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public string Path { get; }

    private DiagnosticLog(string path, StreamWriter writer) => (Path, this.writer) = (path, writer);

    public static DiagnosticLog Open(string path, string[] args)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
        var log = new DiagnosticLog(full, new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true });
        log.writer.WriteLine($"=== {DateTimeOffset.Now:O} medmlnet {string.Join(' ', args.Select(Quote))}");
        log.writer.WriteLine($"runtime: .NET {Environment.Version}, {Environment.OSVersion}, {Environment.ProcessorCount} cores; {TorchRuntime.Describe()}");
        return log;
    }

    public void Exception(Exception e) => writer.WriteLine($"exception after {clock.Elapsed.TotalSeconds:F2} s:\n{e}");

    public void Finish(int exit) => writer.WriteLine($"exit {exit} after {clock.Elapsed.TotalSeconds:F2} s");

    public void Dispose() => writer.Dispose();

    private static string Quote(string a) => a.Contains(' ') ? $"\"{a}\"" : a;
}
