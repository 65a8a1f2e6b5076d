using System.Diagnostics;

namespace MedMLNet.Cli.Bench;

/// <summary>Throughput of a repeated piece of work on the calling thread.</summary>
internal static class BenchRate
{
    /// <summary>Units of work per second: one untimed warm-up, then repeats until <paramref name="seconds"/> have passed.</summary>
    public static double Measure(double seconds, Func<long> work)
    {
        work();
        long units = 0;
        var sw = Stopwatch.StartNew();
        do units += work(); while (sw.Elapsed.TotalSeconds < seconds);
        return units / sw.Elapsed.TotalSeconds;
    }
}
