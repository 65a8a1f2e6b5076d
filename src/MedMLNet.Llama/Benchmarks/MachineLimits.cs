using System.Diagnostics;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>The machine's measured limits: square GEMM GFLOP/s in fp32 and bf16 and read memory bandwidth.</summary>
public sealed record MachineLimits(double Fp32Gflops, double Bf16Gflops, double BandwidthGBps)
{
    /// <summary>Measures the limits: best of <paramref name="reps"/> n×n GEMMs and sums over a large tensor.</summary>
    public static MachineLimits Measure(int n = 2048, long bandwidthBytes = 512L << 20, int reps = 5)
    {
        using var noGrad = no_grad();
        return new MachineLimits(Gemm(n, ScalarType.Float32, reps), Gemm(n, ScalarType.BFloat16, reps), Bandwidth(bandwidthBytes, reps));
    }

    private static double Gemm(int n, ScalarType dtype, int reps)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n).to(dtype); var b = randn(n, n).to(dtype);
        matmul(a, b).Dispose();   // warm-up
        var best = double.MaxValue;
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = matmul(a, b);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    private static double Bandwidth(long bytes, int reps)
    {
        using var scope = NewDisposeScope();
        var x = ones(bytes / 4, dtype: ScalarType.Float32);   // [N] fp32, touched
        x.sum().Dispose();
        var best = double.MaxValue;
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            using var s = x.sum();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return bytes / best / 1e9;
    }
}
