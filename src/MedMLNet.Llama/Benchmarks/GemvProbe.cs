using System.Diagnostics;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Kernels;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// Times the one-position projections of a decode step in isolation: x [1, 1, K] against a contiguous W [N, K] for
/// every distinct weight shape of a config, through several kernels (linear, matmul(W, xᵀ), mv, row chunks, the
/// strided last-position view with and without <see cref="DenseLayout"/>, fp32, Wᵀ storage) and, as the reference
/// the bandwidth bound uses, an fp32 sum over as many bytes as W. Reports median ms, GB/s of weight
/// read and minor page faults per call, and the decode step time each variant implies.
/// </summary>
public static class GemvProbe
{
    /// <summary>The kernels compared, in report order.</summary>
    public static readonly IReadOnlyList<string> Variants = ["linear", "bf16_gemv", "matmul_w_xt", "mv", "row_chunks", "strided_view", "strided_view_dense", "linear_fp32", "linear_wt", "matmul_x_wt", "sum_same_bytes"];

    /// <summary>Runs the probe for <paramref name="config"/> in <paramref name="dtype"/> with <paramref name="reps"/> timed calls per variant.</summary>
    /// <param name="variants">a subset of <see cref="Variants"/>, or null for all</param>
    public static JsonObject Run(LlamaConfig config, ScalarType dtype, int reps, IProgress<string>? progress = null, IReadOnlyCollection<string>? variants = null)
    {
        using var noGrad = no_grad();
        var shapes = new JsonArray();
        var chosen = Variants.Where(v => variants is null || variants.Contains(v)).ToArray();
        var stepSeconds = chosen.ToDictionary(v => v, _ => 0.0);
        foreach (var (name, n, k, perToken) in GemvShapes.Of(config))
        {
            progress?.Report($"{name} [{n}, {k}]");
            using var scope = NewDisposeScope();
            var w = (randn(n, k) * 0.02).to(dtype);                          // [N, K]
            var hidden = randn(1, 8, k).to(dtype);                           // [1, 8, K] a prompt's hidden states
            var x = randn(1, 1, k).to(dtype);                                // [1, 1, K] row-major (clone() of a view keeps its strides)
            var bytes = n * k * w.element_size();
            var figures = new JsonObject();
            foreach (var variant in chosen)
            {
                using var inner = NewDisposeScope();
                var call = Kernel(variant, w, x, hidden);
                var (seconds, faults) = Time(call, reps);
                stepSeconds[variant] += seconds * perToken;
                var read = variant == "linear_fp32" ? n * k * 4 : bytes;                // the fp32 copy reads 4 bytes a weight
                figures[variant] = new JsonObject
                {
                    ["ms"] = seconds * 1e3, ["gb_per_s"] = read / seconds / 1e9, ["minor_faults_per_call"] = faults,
                };
            }
            shapes.Add(new JsonObject { ["name"] = name, ["n"] = n, ["k"] = k, ["per_token"] = perToken, ["weight_bytes"] = bytes, ["variants"] = figures });
        }
        var step = new JsonObject();
        foreach (var (v, s) in stepSeconds) step[v] = s * 1e3;
        return new JsonObject { ["dtype"] = dtype.ToString(), ["reps"] = reps, ["shapes"] = shapes, ["decode_step_ms"] = step };
    }

    // w [N, K], x [1, 1, K] dense, hidden [1, 8, K] (its last position is a view with a leading stride of 8·K).
    private static Func<Tensor> Kernel(string variant, Tensor w, Tensor x, Tensor hidden)
    {
        long n = w.shape[0], k = w.shape[1];
        switch (variant)
        {
            case "linear": return () => nn.functional.linear(x, w);                                   // [1, 1, N]
            case "bf16_gemv":                                                                           // the decode kernel Projection uses (any size here)
                return () => w.dtype == ScalarType.BFloat16 && TensorData.Available ? Bf16Gemv.Forward(x, w) : nn.functional.linear(x, w);
            case "matmul_w_xt": return () => matmul(w, x.view(k, 1));                                   // [N, 1]
            case "mv": return () => mv(w, x.view(k));                                                   // [N]
            case "row_chunks":
                var rows = Math.Max(1, (4L << 20) / k);                                                 // ≈ 8 MB of bf16 per chunk
                var chunks = Enumerable.Range(0, (int)((n + rows - 1) / rows)).Select(i => w.narrow(0, i * rows, Math.Min(rows, n - i * rows))).ToArray();
                return () => { using var s = NewDisposeScope(); return cat(chunks.Select(c => nn.functional.linear(x, c)).ToArray(), 2).MoveToOuterDisposeScope(); };
            case "strided_view": return () => nn.functional.linear(hidden.narrow(1, 7, 1), w);
            case "strided_view_dense":
                return () => { using var d = DenseLayout.ForGemm(hidden.narrow(1, 7, 1)); return nn.functional.linear(d, w); };
            case "linear_fp32":
                var w32 = w.to(ScalarType.Float32); var x32 = x.to(ScalarType.Float32);
                return () => nn.functional.linear(x32, w32);
            case "linear_wt":                                                                           // W stored as Wᵀ [K, N] row-major, passed as its [N, K] view
                var wt = w.t().contiguous();
                return () => nn.functional.linear(x, wt.t());
            case "matmul_x_wt":
                var wtm = w.t().contiguous();
                return () => matmul(x.view(1, k), wtm);                                                 // [1, N]
            case "sum_same_bytes":                                                                      // the bandwidth reference: fp32 sum over as many bytes as W
                var flat = full(n * k * w.element_size() / 4, 1f);
                return () => flat.sum();
            default: throw new ArgumentException(variant);
        }
    }

    // One untimed warm-up, then the median of reps calls; minor faults are averaged over the timed calls.
    private static (double Seconds, double Faults) Time(Func<Tensor> call, int reps)
    {
        call().Dispose();
        var times = new List<double>();
        var before = ProcessFaults.Minor();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var y = call();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        var faults = (ProcessFaults.Minor() - before) / (double)reps;
        times.Sort();
        return (times[times.Count / 2], faults);
    }
}
