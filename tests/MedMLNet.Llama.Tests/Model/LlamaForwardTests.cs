using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Model;

/// <summary>Logits, hidden states and RoPE against transformers' numbers (../shared/fixtures/llama).</summary>
public class LlamaForwardTests
{
    public static TheoryData<string> LogitCases => LlamaFixtures.Names("logits");
    public static TheoryData<string> DiagnosticCases => LlamaFixtures.Names("diagnostic");

    [Theory]
    [MemberData(nameof(LogitCases))]
    public void LogitsMatchReference(string name)
    {
        var c = LlamaFixtures.Case(name);
        var (model, prefix) = LlamaFixtures.Load(c);
        var positions = c.TryGetProperty("position_ids", out _) ? LlamaFixtures.Ids(c, "position_ids") : null;
        using var logits = LlamaFixtures.Logits(model, prefix, LlamaFixtures.Ids(c, "input_ids"), positions);
        using var expected = LlamaFixtures.Expected(c.GetProperty("tensor").GetString()!);
        var tolerance = c.GetProperty("tolerance").GetDouble();
        var diff = LlamaFixtures.MaxAbsDiff(logits, expected);
        Assert.True(diff <= tolerance, $"{name}: max |diff| {diff} > {tolerance}");
        if (c.TryGetProperty("same_as", out var same))
        {
            using var unmerged = LlamaFixtures.Expected(same.GetString()!);
            Assert.True(LlamaFixtures.MaxAbsDiff(logits, unmerged) <= tolerance, $"{name}: merged differs from unmerged {same}");
        }
        if (c.TryGetProperty("min_argmax_agreement", out var minAgree))
        {
            using var agree = logits.argmax(-1).eq(expected.argmax(-1)).to(ScalarType.Float32).mean();
            Assert.True(agree.item<float>() >= minAgree.GetDouble(), $"{name}: argmax agreement {agree.item<float>()}");
            var fp32Name = name.Replace("logits_bf16", "logits_fp32");
            using var fp32 = LlamaFixtures.Expected(fp32Name);
            Assert.True(LlamaFixtures.MaxAbsDiff(logits, fp32) <= c.GetProperty("tolerance_vs_fp32").GetDouble(), $"{name} vs {fp32Name}");
        }
    }

    /// <summary>The known mistakes (ignored rope_scaling, prefix tokens at position 0) must NOT reproduce the correct logits.</summary>
    [Theory]
    [MemberData(nameof(DiagnosticCases))]
    public void CommonMistakesAreNotReproduced(string name)
    {
        var c = LlamaFixtures.Case(name);
        var (model, prefix) = LlamaFixtures.Load(c);
        using var logits = LlamaFixtures.Logits(model, prefix, LlamaFixtures.Ids(c, "input_ids"));
        using var wrong = LlamaFixtures.Expected(name);
        Assert.True(LlamaFixtures.MaxAbsDiff(logits, wrong) > 0.5, $"{name}: our logits match the mistaken variant");
    }

    [Fact]
    public void RopeInvFreqMatchesLlama3Scaling()
    {
        var c = LlamaFixtures.Case("A.rope.inv_freq");
        var (model, _) = LlamaFixtures.Load(c);
        using var expected = LlamaFixtures.Expected("A.rope.inv_freq");
        Assert.True(LlamaFixtures.MaxAbsDiff(model.RopeInvFreq, expected) <= c.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void HiddenStatesMatchReference()
    {
        var c = LlamaFixtures.Case("A.hidden.7");
        var (model, _) = LlamaFixtures.Load(c);
        var states = new List<Tensor>();
        using (no_grad())
        using (var input = tensor(LlamaFixtures.Ids(c, "input_ids")).unsqueeze(0))
        using (model.Forward(new LlamaInputs(input) { HiddenStates = states })) { }
        using var stacked = stack(states.Select(s => s[0]).ToArray());
        using var expected = LlamaFixtures.Expected("A.hidden.7");
        Assert.True(LlamaFixtures.MaxAbsDiff(stacked, expected) <= c.GetProperty("tolerance").GetDouble());
        foreach (var s in states) s.Dispose();
    }
}
