using System.Text.Json.Nodes;
using MedMLNet.Llama.Kernels;
using MedMLNet.Llama.Modules;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// The decode phase with and without <see cref="Bf16Gemv"/> (libtorch's linear instead), alternating off, on, off, on
/// in one process so that both see the same machine: medians and their ratio (the bench phase decode_gemv_ab).
/// </summary>
internal static class DecodeGemvAb
{
    public static JsonObject Run(ModelBenchmark bench, int reps, long weightBytes, double bandwidthGBps)
    {
        var was = Bf16Gemv.Enabled;
        var on = new List<double>(); var off = new List<double>();
        try
        {
            bench.Decode();                                   // warm-up
            for (var r = 0; r < reps; r++)
            {
                Bf16Gemv.Enabled = false; off.Add(bench.Decode());
                Bf16Gemv.Enabled = true; on.Add(bench.Decode());
            }
        }
        finally { Bf16Gemv.Enabled = was; }
        var (mOn, mOff) = (BenchRunner.Median(on), BenchRunner.Median(off));
        return new JsonObject
        {
            ["tokens_per_second"] = mOn, ["libtorch_tokens_per_second"] = mOff, ["ratio"] = mOn / mOff,
            ["utilisation"] = mOn * weightBytes / 1e9 / bandwidthGBps, ["libtorch_utilisation"] = mOff * weightBytes / 1e9 / bandwidthGBps,
            ["repetitions"] = new JsonArray(on.Select(x => (JsonNode)x).ToArray()),
            ["libtorch_repetitions"] = new JsonArray(off.Select(x => (JsonNode)x).ToArray()),
            ["peak_rss_bytes"] = PeakMemory.PeakBytes(),
        };
    }
}
