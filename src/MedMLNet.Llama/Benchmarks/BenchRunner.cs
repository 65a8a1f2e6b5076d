using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// Runs the whole model benchmark: machine limits, then each phase <c>Repetitions</c> times interleaved with the
/// PyTorch peer (ours, peer, ours, peer, …; one untimed warm-up each), medians, utilisation and ours/peer ratios.
/// </summary>
public static class BenchRunner
{
    /// <summary>Runs the benchmark; <paramref name="peer"/> may be null (no ratios).</summary>
    public static JsonObject Run(string shape, LlamaConfig config, ScalarType dtype, ModelBenchmarkOptions options, MachineLimits limits,
        Func<PeerProcess>? peer, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var phases = new JsonObject();
        PeakMemory.Reset();
        using var bench = new ModelBenchmark(config, dtype, options);
        var loadPeak = PeakMemory.PeakBytes();
        using var py = peer?.Invoke();
        var peak = dtype == ScalarType.BFloat16 ? limits.Bf16Gflops : limits.Fp32Gflops;
        double MfuOf(double tps, double mult, long t) => tps * mult * BenchShape.ForwardFlopsPerToken(config, t) / 1e9 / peak;
        var weightBytes = BenchShape.MatmulParameters(config) * (dtype == ScalarType.BFloat16 ? 2 : 4);

        void Phase(string name, Func<double> ours, Func<double, double> utilisation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!options.Runs(name)) return;
            progress?.Report(name);
            ours(); py?.Run(name);   // warm-up
            var o = new List<double>(); var p = new List<double>(); long oursPeak = 0, peerPeak = 0, minor = 0, major = 0;
            for (var r = 0; r < options.Repetitions; r++)
            {
                PeakMemory.Reset();
                var (minor0, major0) = (ProcessFaults.Minor(), ProcessFaults.Major());
                o.Add(ours());
                minor += ProcessFaults.Minor() - minor0; major += ProcessFaults.Major() - major0;
                oursPeak = Math.Max(oursPeak, PeakMemory.PeakBytes());
                if (py is null) continue;
                var (tps, rss) = py.Run(name);
                p.Add(tps); peerPeak = Math.Max(peerPeak, rss);
            }
            var fig = new JsonObject
            {
                ["tokens_per_second"] = Median(o), ["peak_rss_bytes"] = oursPeak, ["utilisation"] = utilisation(Median(o)),
                ["repetitions"] = new JsonArray(o.Select(x => (JsonNode)x).ToArray()),
                ["minor_faults_per_repetition"] = minor / Math.Max(1, o.Count), ["major_faults_per_repetition"] = major / Math.Max(1, o.Count),
            };
            if (py is not null)
            {
                fig["peer_tokens_per_second"] = Median(p); fig["peer_peak_rss_bytes"] = peerPeak;
                fig["ratio_vs_peer"] = Median(o) / Median(p);
            }
            phases[name] = fig;
        }

        Phase("prefill", bench.Prefill, tps => tps * BenchShape.PrefillFlopsPerToken(config, options.PrefillLength) / 1e9 / peak);
        Phase("decode", bench.Decode, tps => tps * weightBytes / 1e9 / limits.BandwidthGBps);
        if (options.Runs("decode_gemv_ab")) phases["decode_gemv_ab"] = DecodeGemvAb.Run(bench, Math.Max(3, options.Repetitions), weightBytes, limits.BandwidthGBps);
        if (options.FullFineTuning && options.Runs("full_train"))
        {
            using var full = bench.FullTuner();
            Phase("full_train", () => bench.TrainStep(full), tps => MfuOf(tps, 3, options.TrainLength / 2));
        }
        if (options.Runs("lora_train"))
            using (var lora = bench.LoraTuner())
                Phase("lora_train", () => bench.TrainStep(lora), tps => MfuOf(tps, 2, options.TrainLength / 2));

        return new JsonObject
        {
            ["shape"] = shape, ["dtype"] = dtype.ToString(), ["threads"] = get_num_threads(),
            ["config"] = new JsonObject
            {
                ["vocab_size"] = config.VocabSize, ["hidden_size"] = config.HiddenSize, ["intermediate_size"] = config.IntermediateSize,
                ["num_hidden_layers"] = config.NumHiddenLayers, ["num_attention_heads"] = config.NumAttentionHeads,
                ["num_key_value_heads"] = config.NumKeyValueHeads,
            },
            ["machine"] = new JsonObject
            {
                ["fp32_gflops"] = limits.Fp32Gflops, ["bf16_gflops"] = limits.Bf16Gflops, ["bandwidth_gb_per_s"] = limits.BandwidthGBps,
            },
            ["load_peak_rss_bytes"] = loadPeak,
            ["weight_bytes_per_token"] = weightBytes,
            ["peer"] = py is null ? null : new JsonObject { ["framework"] = "pytorch-eager", ["torch"] = py.TorchVersion },
            ["phases"] = phases,
        };
    }

    internal static double Median(List<double> xs)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
