using MedMLNet.Llama.Explain;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.Llama.Tests.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Explain;

/// <summary>Gradient × input against finite differences, and a constructed model where one input token decides the reply.</summary>
public class InputAttributionTests
{
    private static readonly int[] Prompt = [5, 17, 99, 3, 250, 42];
    private static readonly int[] Reply = [135, 68, 7];

    [Fact]
    public void GradientTimesInputAgreesWithFiniteDifferences()
    {
        var (model, _) = LlamaFixtures.Load(LlamaFixtures.Case("A.greedy"));
        var attribution = InputAttribution.GradientTimesInput(model, Prompt, Reply);
        using var noGrad = no_grad();
        using var ids = ReplyLikelihood.Input(model, Prompt, Reply);
        using var embeds = model.model.embed_tokens.forward(ids);                                  // [1, T, D]
        const float eps = 1e-2f;
        for (var i = 0; i < Prompt.Length; i++)
        {
            // d/dε L(e_i · (1 + ε)) at ε = 0 equals Σ_d ∂L/∂e_{i,d} · e_{i,d}: a central difference along e_i.
            double Scaled(float factor)
            {
                using var e = embeds.clone();
                e[0, i].mul_(factor);
                using var l = ReplyLikelihood.Compute(model, ids, e, Prompt.Length);
                return l.item<float>();
            }
            var numeric = (Scaled(1 + eps) - Scaled(1 - eps)) / (2 * eps);
            var analytic = attribution.Scores[i];
            Assert.True(Math.Abs(numeric - analytic) <= 0.02 * Math.Abs(numeric) + 5e-3, $"token {i}: numeric {numeric} vs grad×input {analytic}");
        }
        Assert.False(model.parameters().Any(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), "weights must not collect gradients");
    }

    [Fact]
    public void TheDecisiveTokenRanksFirstWithBothMethods()
    {
        // With every o_proj zeroed, attention adds nothing and each position's output is a function of its own token
        // (e + MLP(norm(e)), not scale invariant), so the reply token is decided by the last prompt token alone:
        // it must rank first and every other score be exactly 0.
        using var model = TinyTraining.Model(seed: 11);
        using (no_grad())
            foreach (var layer in model.model.Layers) layer.self_attn.o_proj.weight.zero_();
        int[] prompt = [4, 9, 21, 30, 12];
        int[] reply = [17];
        foreach (var method in new[] { AttributionMethod.GradientTimesInput, AttributionMethod.Occlusion })
        {
            var r = InputAttribution.Explain(model, prompt, reply, method);
            Assert.Equal(prompt.Length - 1, r.Ranking()[0]);
            Assert.True(Math.Abs(r.Scores[^1]) > 1e-3, $"{method}: decisive score {r.Scores[^1]}");
            for (var i = 0; i < prompt.Length - 1; i++) Assert.True(Math.Abs(r.Scores[i]) < 1e-6, $"{method}: token {i} scored {r.Scores[i]}");
        }
    }

    [Fact]
    public void EmptyReplyOrOutOfRangeIdsAreRejected()
    {
        using var model = TinyTraining.Model();
        Assert.Throws<ArgumentException>(() => InputAttribution.GradientTimesInput(model, [1, 2], []));
        Assert.Throws<ArgumentException>(() => InputAttribution.Occlusion(model, [1, 999], [2]));
    }
}
