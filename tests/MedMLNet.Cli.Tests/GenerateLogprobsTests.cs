using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>generate --json --logprobs K: per-token alternatives and the reply-level confidence.</summary>
public class GenerateLogprobsTests
{
    [Fact]
    public async Task LogprobsCarryTopKAndAConsistentConfidence()
    {
        var model = RepoPaths.Fixture("llama", "llama31-fp32");
        var (exit, stdout, err) = await CliRunner.Run("generate", "--model", model, "--prompt-ids", "5,17,99,3", "--max-new-tokens", "4", "--json", "--logprobs", "3");
        Assert.True(exit == 0, err);
        var o = JsonDocument.Parse(stdout).RootElement;
        var ids = o.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tokens = o.GetProperty("logprobs").EnumerateArray().ToArray();
        Assert.Equal(ids.Length, tokens.Length);
        var lps = new List<double>();
        for (var i = 0; i < tokens.Length; i++)
        {
            var top = tokens[i].GetProperty("top").EnumerateArray().ToArray();
            Assert.Equal(3, top.Length);
            Assert.Equal(ids[i], tokens[i].GetProperty("id").GetInt32());
            Assert.Equal(ids[i], top[0].GetProperty("id").GetInt32());        // greedy picks the top-1 alternative
            Assert.True(top[0].GetProperty("logprob").GetDouble() >= top[1].GetProperty("logprob").GetDouble());
            lps.Add(tokens[i].GetProperty("logprob").GetDouble());
        }
        var confidence = o.GetProperty("confidence");
        Assert.Equal(lps.Average(), confidence.GetProperty("mean_logprob").GetDouble(), 4);
        Assert.Equal(Math.Exp(lps.Average()), confidence.GetProperty("geometric_mean_prob").GetDouble(), 4);
        Assert.Equal(lps.Min(), confidence.GetProperty("min_logprob").GetDouble(), 4);
    }
}
