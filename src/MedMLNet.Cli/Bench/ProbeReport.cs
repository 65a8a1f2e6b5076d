using System.Text.Json.Nodes;
using MedMLNet.Llama.Benchmarks;
using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Cli.Bench;

/// <summary>`medmlnet bench --probe gemv`: the GEMV probe's figures with the machine limits and the environment that steers them.</summary>
internal static class ProbeReport
{
    private static readonly string[] Environment = ["OMP_WAIT_POLICY", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS"];

    /// <summary>Probe <paramref name="kind"/>: gemv (every projection shape alone, then working sets) or working-set (only the latter).</summary>
    public static JsonObject Run(string kind, string shape, LlamaConfig config, ScalarType dtype, int reps, MachineLimits limits, IProgress<string>? progress)
    {
        var r = kind == "gemv" ? GemvProbe.Run(config, dtype, reps, progress) : new JsonObject { ["dtype"] = dtype.ToString(), ["reps"] = reps };
        // Working sets of the gate/up shape from 256 MiB up to the size of the model's matmul weights (12 GiB for 8b).
        var modelBytes = BenchShape.MatmulParameters(config) * 2;
        var sizes = new[] { 1L << 28, 1L << 30, 4L << 30, 8L << 30, 12L << 30 }.Where(s => s <= modelBytes).DefaultIfEmpty(modelBytes).ToArray();
        r["working_set"] = WorkingSetProbe.Run(config.IntermediateSize, config.HiddenSize, dtype, sizes, reps, progress);
        r["shape"] = shape;
        r["threads"] = get_num_threads();
        r["machine"] = new JsonObject { ["bandwidth_gb_per_s"] = limits.BandwidthGBps, ["bf16_gflops"] = limits.Bf16Gflops };
        var env = new JsonObject();
        foreach (var name in Environment) env[name] = System.Environment.GetEnvironmentVariable(name);
        r["environment"] = env;
        // The bound a decode step could reach: every matmul weight read once at the measured bandwidth.
        r["bound_step_ms"] = BenchShape.MatmulParameters(config) * (dtype == ScalarType.BFloat16 ? 2 : 4) / limits.BandwidthGBps / 1e6;
        return r;
    }

    public static string Describe(JsonObject r)
    {
        var bw = r["machine"]!["bandwidth_gb_per_s"]!.GetValue<double>();
        var lines = new List<string> { $"gemv probe, shape {r["shape"]} {r["dtype"]}, {r["threads"]} threads, read bandwidth {bw:F1} GB/s" };
        foreach (var s in r["shapes"]?.AsArray() ?? [])
        {
            lines.Add($"{s!["name"]} [{s["n"]}, {s["k"]}] x{s["per_token"]}/token");
            foreach (var (v, f) in s["variants"]!.AsObject())
                lines.Add($"  {v,-20} {f!["ms"]!.GetValue<double>(),9:F2} ms {f["gb_per_s"]!.GetValue<double>(),7:F1} GB/s ({f["gb_per_s"]!.GetValue<double>() / bw * 100,5:F1}%)  {f["minor_faults_per_call"]!.GetValue<double>(),9:F0} minor faults/call");
        }
        foreach (var w in r["working_set"]!.AsArray())
            lines.Add($"working set {w!["bytes"]!.GetValue<long>() / 1e9,6:F2} GB: {w["pass_ms"]!.GetValue<double>(),8:F1} ms/pass {w["gb_per_s"]!.GetValue<double>(),6:F1} GB/s  {w["minor_faults_per_pass"]!.GetValue<double>(),8:F0} minor faults/pass");
        lines.Add($"decode step of matmuls (bound {r["bound_step_ms"]!.GetValue<double>():F1} ms):");
        foreach (var (v, ms) in r["decode_step_ms"]?.AsObject() ?? []) lines.Add($"  {v,-20} {ms!.GetValue<double>(),9:F1} ms");
        return string.Join(System.Environment.NewLine, lines);
    }
}
