using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// The PyTorch eager peer (scripts/bench_peer.py) as a long-lived child process: one phase name a line in,
/// one JSON line out, so ours and the peer's repetitions interleave in the same run.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process process;

    public PeerProcess(string python, string script, IEnumerable<string> args)
    {
        if (!File.Exists(script)) throw new FileNotFoundException($"the PyTorch peer script {script} is missing; run from the repository root.", script);
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["OMP_WAIT_POLICY"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE";
        process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var ready = ReadLine();
        TorchVersion = ready["torch"]?.GetValue<string>() ?? "?";
    }

    /// <summary>The peer's torch.__version__.</summary>
    public string TorchVersion { get; }

    /// <summary>Runs one repetition of <paramref name="phase"/> in the peer: (tokens/s, peak RSS bytes).</summary>
    public (double TokensPerSecond, long PeakRssBytes) Run(string phase)
    {
        process.StandardInput.WriteLine(phase);
        process.StandardInput.Flush();
        var o = ReadLine();
        if (o["error"] is { } e) throw new InvalidOperationException($"PyTorch peer: {e}");
        return (o["tokens_per_second"]!.GetValue<double>(), o["peak_rss_bytes"]!.GetValue<long>());
    }

    private JsonObject ReadLine()
    {
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException("the PyTorch peer exited early; check that `python3 -c 'import torch'` works (bash scripts/bench-peer.sh installs python3-torch).");
        return JsonNode.Parse(line)!.AsObject();
    }

    public void Dispose()
    {
        try { process.StandardInput.WriteLine("quit"); process.StandardInput.Close(); if (!process.WaitForExit(10000)) process.Kill(); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}
