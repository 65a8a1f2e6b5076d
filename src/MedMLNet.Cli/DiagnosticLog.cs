using System.Diagnostics;
using MedMLNet.Llama;

namespace MedMLNet.Cli;

/// <summary>
/// The `--verbose` log: appended (never truncated), one run per block — arguments, runtime, duration, exit code and
/// full exception traces. Text arguments are logged as their length and traces pass through the PHI redactor unless
/// <c>--log-text</c> is given (<see cref="LogPrivacy"/>); record text never passes through here.
/// </summary>
internal sealed class DiagnosticLog : IDisposable
{
    private readonly StreamWriter writer;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly LogPrivacy privacy;

    public string Path { get; }

    private DiagnosticLog(string path, StreamWriter writer, LogPrivacy privacy) => (Path, this.writer, this.privacy) = (path, writer, privacy);

    public static DiagnosticLog Open(string path, string[] args, LogPrivacy privacy)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
        var log = new DiagnosticLog(full, new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true }, privacy);
        log.writer.WriteLine($"=== {DateTimeOffset.Now:O} medmlnet {string.Join(' ', privacy.Arguments(args).Select(Quote))}");
        log.writer.WriteLine($"runtime: .NET {Environment.Version}, {Environment.OSVersion}, {Environment.ProcessorCount} cores; {TorchRuntime.Describe()}");
        return log;
    }

    public void Exception(Exception e) => writer.WriteLine($"exception after {clock.Elapsed.TotalSeconds:F2} s:\n{privacy.Text(e.ToString())}");

    public void Finish(int exit) => writer.WriteLine($"exit {exit} after {clock.Elapsed.TotalSeconds:F2} s");

    public void Dispose() => writer.Dispose();

    private static string Quote(string a) => a.Contains(' ') ? $"\"{a}\"" : a;
}
