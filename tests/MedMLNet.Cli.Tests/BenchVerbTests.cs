using System.Text.Json;
using MedMLNet.Llama.Benchmarks;

namespace MedMLNet.Cli.Tests;

public class BenchVerbTests
{
    [Fact]
    public async Task QuickJsonHasEveryFigure()
    {
        var (exit, output, err) = await CliRunner.Run("bench", "--quick", "--json", "--threads", "1");
        Assert.True(exit == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.True(r.GetProperty("quick").GetBoolean());
        var m = r.GetProperty("machine");
        foreach (var k in new[] { "fp32_gflops", "bf16_gflops", "bandwidth_gb_per_s" }) Assert.True(m.GetProperty(k).GetDouble() > 0, k);
        // quick shape: 2 layers × (128·128 + 2·128·64 + 128·128 + 3·128·384) + 128·4096 weights, fp32.
        Assert.Equal(4L * (2 * (16384 + 16384 + 16384 + 147456) + 524288), r.GetProperty("weight_bytes_per_token").GetInt64());
        foreach (var phase in new[] { "prefill", "decode", "full_train", "lora_train" })
        {
            var p = r.GetProperty("phases").GetProperty(phase);
            Assert.True(p.GetProperty("tokens_per_second").GetDouble() > 0, phase);
            Assert.True(p.GetProperty("peak_rss_bytes").GetInt64() > 0, phase);
            Assert.True(p.GetProperty("utilisation").GetDouble() > 0, phase);
        }
    }

    [Fact]
    public async Task ThreadsOptionLeavesTheProcessThreadCountAsItWas()
    {
        MedMLNet.Llama.TorchRuntime.Initialize();
        var before = TorchSharp.torch.get_num_threads();
        using var host = MedMLNet.Llama.TorchRuntime.UseThreads(Math.Max(2, before)); // a host running bench in-process with its own count
        var (exit, _, err) = await CliRunner.Run("bench", "--quick", "--json", "--threads", "1", "--phases", "decode");
        Assert.True(exit == 0, err);
        Assert.Equal(Math.Max(2, before), TorchSharp.torch.get_num_threads());
    }

    [Fact]
    public async Task PhasesRunsOnlyTheNamedPhases()
    {
        var (exit, output, err) = await CliRunner.Run("bench", "--quick", "--json", "--threads", "1", "--phases", "decode");
        Assert.True(exit == 0, err);
        var phases = JsonDocument.Parse(output).RootElement.GetProperty("phases");
        Assert.Equal(["decode"], phases.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(phases.GetProperty("decode").GetProperty("tokens_per_second").GetDouble() > 0);
    }

    [Fact]
    public async Task DecodeGemvAbReportsBothKernelsFromOneRun()
    {
        var (exit, output, err) = await CliRunner.Run("bench", "--quick", "--json", "--threads", "1", "--phases", "decode_gemv_ab");
        Assert.True(exit == 0, err);
        var ab = JsonDocument.Parse(output).RootElement.GetProperty("phases").GetProperty("decode_gemv_ab");
        Assert.Equal(3, ab.GetProperty("repetitions").GetArrayLength());
        Assert.Equal(3, ab.GetProperty("libtorch_repetitions").GetArrayLength());
        var ratio = ab.GetProperty("tokens_per_second").GetDouble() / ab.GetProperty("libtorch_tokens_per_second").GetDouble();
        Assert.Equal(ratio, ab.GetProperty("ratio").GetDouble(), 9);
    }

    [Fact]
    public async Task UnknownPhaseIsAUserError()
    {
        var (exit, _, err) = await CliRunner.Run("bench", "--quick", "--phases", "decode,sampling");
        Assert.Equal(1, exit);
        Assert.Contains("got 'sampling'", err);
    }

    [Fact]   // quick shape: q 128x128, k/v 64x128, o 128x128, gate/up 384x128, down 128x384, lm_head 4096x128
    public async Task GemvProbeTimesEveryProjectionShapeAndVariant()
    {
        var (exit, output, err) = await CliRunner.Run("bench", "--quick", "--json", "--threads", "1", "--probe", "gemv");
        Assert.True(exit == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        var shapes = r.GetProperty("shapes").EnumerateArray().ToList();
        Assert.Equal(new[] { (128L, 128L), (64, 128), (128, 128), (384, 128), (128, 384), (4096, 128) },
            shapes.Select(s => (s.GetProperty("n").GetInt64(), s.GetProperty("k").GetInt64())).ToArray());
        foreach (var s in shapes)
            foreach (var v in GemvProbe.Variants)
                Assert.True(s.GetProperty("variants").GetProperty(v).GetProperty("gb_per_s").GetDouble() > 0, v);
        Assert.True(r.GetProperty("working_set")[0].GetProperty("gb_per_s").GetDouble() > 0);
        Assert.True(r.GetProperty("bound_step_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task QuickDataBenchHasEveryFigureFromTheBundledData()
    {
        var cwd = Directory.GetCurrentDirectory();
        var (exit, output, err) = await CliRunner.Run("bench", "--data", "--quick");
        Assert.True(exit == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(200, r.GetProperty("pairs").GetInt32());
        foreach (var k in new[] { "tokenizer_tokens_per_second", "prepare_records_per_second", "bleu_pairs_per_second", "rouge_pairs_per_second" })
            Assert.True(r.GetProperty(k).GetDouble() > 0, k);
        Assert.Equal(cwd, Directory.GetCurrentDirectory());
    }

    [Fact]
    public async Task DataBenchWithAMissingNodeIsAUserError()
    {
        var (exit, _, err) = await CliRunner.Run("bench", "--data", "--quick", "--peer-node", "/nonexistent/node");
        Assert.Equal(1, exit);
        Assert.Contains("--peer-node: could not start `/nonexistent/node`", err);
    }

    [Fact]   // needs node and the npm registry (as the tests' NpmAssets do); no timing assertions
    public async Task QuickDataBenchWithNodePeersReportsIdenticalIdsAndRatios()
    {
        var (exit, output, err) = await CliRunner.Run("bench", "--data", "--quick", "--peer-node", "node");
        Assert.True(exit == 0, err);
        var peers = JsonDocument.Parse(output).RootElement.GetProperty("tokenizer_peers");
        Assert.True(peers.GetProperty("ids_identical").GetBoolean());
        foreach (var model in new[] { "tiny_med_llama3", "llama3" })
        {
            var m = peers.GetProperty(model);
            Assert.True(m.GetProperty("ours_tokens_per_second").GetDouble() > 0, model);
            foreach (var peer in new[] { "hf", "tiktoken" })
            {
                var p = m.GetProperty("peers").GetProperty(peer);
                Assert.True(p.GetProperty("ids_identical").GetBoolean(), $"{model} {peer}");
                Assert.Equal(m.GetProperty("tokens_per_pass").GetInt64(), p.GetProperty("total_tokens").GetInt64());
                Assert.True(p.GetProperty("ratio_ours_vs_peer").GetDouble() > 0, $"{model} {peer}");
            }
        }
    }

    [Fact]   // quick shape: layers 2·2·196608 + attention 2·2·4·32·(16/2) per token, the 2·128·4096 head once per 16-token prompt
    public void PrefillFlopsCountTheVocabularyProjectionOncePerPrompt() =>
        Assert.Equal(2.0 * 2 * 196608 + 2.0 * 2 * 4 * 32 * 8 + 2.0 * 128 * 4096 / 16, BenchShape.PrefillFlopsPerToken(BenchShape.Get("quick"), 16));

    [Fact]
    public async Task UnknownShapeIsAUserError()
    {
        var (exit, _, err) = await CliRunner.Run("bench", "--shape", "70b", "--quick");
        Assert.Equal(1, exit);
        Assert.Contains("--shape must be bench, 1b or 8b", err);
    }

    [Theory]   // published parameter counts minus the embedding table (8b) or RMSNorm weights (1b, tied head counted once)
    [InlineData("8b", 8_030_261_248L - 128256L * 4096 - (32 * 2 + 1) * 4096)]
    [InlineData("1b", 1_235_814_400L - (16 * 2 + 1) * 2048)]
    public void MatmulParametersMatchTheRealModels(string shape, long expected) =>
        Assert.Equal(expected, BenchShape.MatmulParameters(BenchShape.Get(shape)));
}
