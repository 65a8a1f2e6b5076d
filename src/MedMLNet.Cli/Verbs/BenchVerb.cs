using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama;
using MedMLNet.Llama.Benchmarks;
using static TorchSharp.torch;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet bench [--shape bench|1b|8b] [--json] [--quick] [--threads N] [--peer python3]`: training, prefill and
/// decode tokens/s of a random Llama 3, the machine's GEMM and bandwidth limits, and ratios against a PyTorch
/// eager peer (scripts/bench_peer.py) run interleaved in the same run. With <c>--data</c>: tokenizer, prepare and metric
/// throughput on the bundled data, METEOR against NLTK's (scripts/data_peer.py) when <c>--peer</c> is given, the tokenizer
/// against HF tokenizers' and tiktoken's Rust cores (scripts/tokenizer_peer.mjs) when <c>--peer-node</c> is given.
/// </summary>
internal sealed class BenchVerb : ICliVerb
{
    public Command Build()
    {
        var shape = new Option<string>("--shape") { Description = "bench | 1b | 8b (random weights; no download).", DefaultValueFactory = _ => "bench" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var quick = new Option<bool>("--quick") { Description = "Seconds-long smoke on a tiny shape (no meaningful figures)." };
        var threads = new Option<int>("--threads") { Description = "Torch threads (ours and the peer's).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var peer = new Option<string?>("--peer") { Description = "Python with torch to run the PyTorch eager peer (e.g. /usr/bin/python3)." };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per phase (median).", DefaultValueFactory = _ => 3 };
        var peerNode = new Option<string?>("--peer-node") { Description = "With --data: Node.js (e.g. node) to run the tokenizer peers, HF tokenizers' and tiktoken's Rust cores from npm (scripts/tokenizer_peer.mjs)." };
        var data = new Option<bool>("--data") { Description = "Data side instead: tokenizer tokens/s, prepare records/s, BLEU/ROUGE/METEOR pairs/s (peer: NLTK METEOR)." };
        var probe = new Option<string?>("--probe") { Description = "gemv: time each decode projection shape of --shape alone (linear, mv, row chunks, fp32, ...), GB/s and page faults, then growing working sets; working-set: only the latter." };
        var phases = new Option<string[]>("--phases") { Description = "Only these phases: prefill, decode, full_train, lora_train (default: these four), decode_gemv_ab (decode with and without the bf16 decode kernel, alternating).", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("bench", "Measure training/prefill/decode speed and memory against the machine limits and a PyTorch peer.\n" +
            "Examples:\n  bash scripts/bench-peer.sh --shape bench --json\n  medmlnet bench --shape 8b --phases decode --json\n  medmlnet bench --data --peer /usr/bin/python3 --peer-node node") { shape, json, quick, threads, peer, reps, data, peerNode, probe, phases };
        cmd.SetAction((parse, ct) =>
        {
            if (parse.GetValue(data))
            {
                var figures = Bench.DataBench.Run(Bench.DataBench.FindRoot(Directory.GetCurrentDirectory()), parse.GetValue(peer), parse.GetValue(peerNode),
                    parse.GetValue(quick) ? 0.2 : 3.0, Console.Error);
                Console.WriteLine(figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                if (figures["tokenizer_peers"]?["ids_identical"]?.GetValue<bool>() == false)
                    throw new CliUserException("the tokenizer peers' token ids differ from ours (see first_difference above); their speeds are not comparable.");
                return Task.FromResult(0);
            }
            TorchRuntime.Initialize();
            var name = parse.GetValue(shape)!;
            var isQuick = parse.GetValue(quick);
            if (name is not ("bench" or "1b" or "8b")) throw new CliUserException($"--shape must be bench, 1b or 8b, got '{name}'.");
            if (parse.GetValue(threads) < 1) throw new CliUserException("--threads must be at least 1.");
            using var threadCount = TorchRuntime.UseThreads(parse.GetValue(threads));
            var big = name != "bench" && !isQuick;
            var runShape = isQuick ? "quick" : name;
            var config = BenchShape.Get(runShape);
            var dtype = big ? ScalarType.BFloat16 : ScalarType.Float32;
            var options = isQuick
                ? new ModelBenchmarkOptions { TrainBatch = 1, TrainLength = 16, PrefillLength = 16, DecodeTokens = 4, Repetitions = 1 }
                : big ? new ModelBenchmarkOptions { TrainBatch = 1, DecodeTokens = 16, Repetitions = 1, FullFineTuning = false, GradientCheckpointing = true }
                : new ModelBenchmarkOptions { Repetitions = Math.Max(1, parse.GetValue(reps)) };
            var only = parse.GetValue(phases) is { Length: > 0 } names ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet() : null;
            if (only?.FirstOrDefault(n => !ModelBenchmarkOptions.PhaseNames.Contains(n)) is { } badPhase)
                throw new CliUserException($"--phases takes {string.Join(", ", ModelBenchmarkOptions.PhaseNames)}, got '{badPhase}'.");
            options = options with { Phases = only };
            var python = parse.GetValue(peer);
            if (python != null && name == "8b" && !isQuick)
                throw new CliUserException("the PyTorch peer cannot share this machine's memory with the 8b model; drop --peer for --shape 8b.");
            Func<PeerProcess>? startPeer = python is null ? null : () => new PeerProcess(python, Path.Combine("scripts", "bench_peer.py"),
            [
                "--shape", runShape, "--threads", parse.GetValue(threads).ToString(), "--dtype", dtype == ScalarType.BFloat16 ? "bfloat16" : "float32",
                "--train-batch", options.TrainBatch.ToString(), "--train-length", options.TrainLength.ToString(),
                "--prefill-length", options.PrefillLength.ToString(), "--decode-prompt", options.DecodePrompt.ToString(),
                "--decode-tokens", options.DecodeTokens.ToString(),
            ]);
            var limits = isQuick ? MachineLimits.Measure(256, 16L << 20, 2) : MachineLimits.Measure();
            if (parse.GetValue(probe) is { } probeName)
            {
                if (probeName is not ("gemv" or "working-set")) throw new CliUserException($"--probe must be gemv or working-set, got '{probeName}'.");
                var probed = Bench.ProbeReport.Run(probeName, runShape, config, big || isQuick ? ScalarType.BFloat16 : dtype, isQuick ? 1 : Math.Max(1, parse.GetValue(reps)), limits,
                    parse.GetValue(json) ? null : new Progress<string>(p => Console.Error.WriteLine($"probe: {p} ...")));
                Console.WriteLine(parse.GetValue(json) ? probed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Bench.ProbeReport.Describe(probed));
                return Task.FromResult(0);
            }
            var progress = parse.GetValue(json) ? null : new Progress<string>(p => Console.Error.WriteLine($"bench: {p} ..."));
            var report = BenchRunner.Run(runShape, config, dtype, options, limits, startPeer, progress, ct);
            report["quick"] = isQuick;
            report["gradient_checkpointing"] = options.GradientCheckpointing;
            Console.WriteLine(parse.GetValue(json) ? report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Describe(report));
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static string Describe(JsonObject r)
    {
        var m = r["machine"]!;
        var lines = new List<string>
        {
            $"shape {r["shape"]} {r["dtype"]}, {r["threads"]} threads; machine: fp32 {m["fp32_gflops"]!.GetValue<double>():F0} GFLOP/s, bf16 {m["bf16_gflops"]!.GetValue<double>():F0} GFLOP/s, {m["bandwidth_gb_per_s"]!.GetValue<double>():F1} GB/s",
        };
        foreach (var (k, v) in r["phases"]!.AsObject())
        {
            var util = k.StartsWith("decode", StringComparison.Ordinal) ? "of bandwidth" : "MFU";
            var line = $"{k,-11} {v!["tokens_per_second"]!.GetValue<double>(),10:F1} tok/s  {v["utilisation"]!.GetValue<double>() * 100,5:F1}% {util}  peak {v["peak_rss_bytes"]!.GetValue<long>() / 1e9:F2} GB";
            if (v["libtorch_tokens_per_second"] is { } lib)
                line += $"  | libtorch linear {lib.GetValue<double>():F1} tok/s ({v["libtorch_utilisation"]!.GetValue<double>() * 100:F1}%), kernel/libtorch {v["ratio"]!.GetValue<double>():F2}x";
            if (v["ratio_vs_peer"] is { } ratio)
                line += $"  | peer {v["peer_tokens_per_second"]!.GetValue<double>():F1} tok/s, {v["peer_peak_rss_bytes"]!.GetValue<long>() / 1e9:F2} GB, ours/peer {ratio.GetValue<double>():F2}x";
            lines.Add(line);
        }
        return string.Join(Environment.NewLine, lines);
    }
}
