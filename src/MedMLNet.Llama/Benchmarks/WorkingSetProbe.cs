using System.Diagnostics;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// Does the GEMV rate fall as the set of weights a step streams grows? Allocates copies of one [N, K] weight up to
/// each total size and times a pass of x [1, 1, K] through every copy in turn, as a decode step passes the layers.
/// A drop at multi-GB sizes with the per-matrix kernel unchanged points at the memory system (TLB reach, huge pages).
/// </summary>
public static class WorkingSetProbe
{
    /// <summary>GB/s and minor faults of one pass per total size (bytes) in <paramref name="sizes"/>.</summary>
    public static JsonArray Run(long n, long k, ScalarType dtype, IReadOnlyList<long> sizes, int reps, IProgress<string>? progress = null)
    {
        using var noGrad = no_grad();
        var rows = new JsonArray();
        foreach (var size in sizes)
        {
            progress?.Report($"working set {size / 1e9:F2} GB");
            using var scope = NewDisposeScope();
            var perCopy = n * k * 2;
            var copies = (int)Math.Max(1, size / perCopy);
            var weights = Enumerable.Range(0, copies).Select(_ => full(n, k, 0.01, dtype)).ToArray();   // [N, K] each, touched
            var x = randn(1, 1, k).to(dtype);                                                             // [1, 1, K]
            void Pass() { foreach (var w in weights) nn.functional.linear(x, w).Dispose(); }
            Pass();
            var before = ProcessFaults.Minor();
            var times = new List<double>();
            for (var r = 0; r < reps; r++)
            {
                var sw = Stopwatch.StartNew();
                Pass();
                times.Add(sw.Elapsed.TotalSeconds);
            }
            times.Sort();
            var bytes = (double)copies * perCopy;
            rows.Add(new JsonObject
            {
                ["bytes"] = (long)bytes, ["copies"] = copies, ["pass_ms"] = times[times.Count / 2] * 1e3,
                ["gb_per_s"] = bytes / times[times.Count / 2] / 1e9, ["minor_faults_per_pass"] = (ProcessFaults.Minor() - before) / (double)reps,
            });
        }
        return rows;
    }
}
