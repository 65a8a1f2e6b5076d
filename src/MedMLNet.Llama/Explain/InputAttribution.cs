using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Explain;

/// <summary>How much each prompt token supports a reply, by two methods.</summary>
public enum AttributionMethod { GradientTimesInput, Occlusion }

/// <summary>Per-prompt-token scores; higher = the token supports the reply more.</summary>
public sealed record AttributionResult(AttributionMethod Method, IReadOnlyList<int> PromptIds, IReadOnlyList<int> ReplyIds,
    IReadOnlyList<float> Scores, double ReplyLogLikelihood)
{
    /// <summary>Prompt positions by influence |score|, largest first (ties by position); the sign says support (+) or against (−).</summary>
    public int[] Ranking() => Enumerable.Range(0, Scores.Count).OrderByDescending(i => Math.Abs(Scores[i])).ThenBy(i => i).ToArray();
}

/// <summary>
/// Input attribution for a reply given a prompt (batch 1), with L = log p(reply | prompt):
/// <list type="bullet">
/// <item>gradient × input: score_i = Σ_d ∂L/∂e_{i,d} · e_{i,d} over the input embedding e_i [D] of prompt token i
/// (the first-order change of L when e_i is scaled from 0 to itself); one forward and one backward pass.</item>
/// <item>occlusion: score_i = L − L(e_i replaced by the zero embedding); P+1 forward passes, a slower cross-check.</item>
/// </list>
/// Model weights are not trained: their requires_grad is switched off during the backward pass and restored.
/// </summary>
public static class InputAttribution
{
    public static AttributionResult Explain(LlamaForCausalLM model, int[] promptIds, int[] replyIds, AttributionMethod method,
        CancellationToken cancellationToken = default) => method switch
    {
        AttributionMethod.GradientTimesInput => GradientTimesInput(model, promptIds, replyIds),
        AttributionMethod.Occlusion => Occlusion(model, promptIds, replyIds, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static AttributionResult GradientTimesInput(LlamaForCausalLM model, int[] promptIds, int[] replyIds)
    {
        using var scope = NewDisposeScope();
        var ids = ReplyLikelihood.Input(model, promptIds, replyIds);                          // [1, T]
        var wasTraining = model.training;
        model.eval();
        var parameters = model.parameters().ToArray();
        var required = parameters.Select(p => p.requires_grad).ToArray();
        try
        {
            foreach (var p in parameters) p.requires_grad = false;
            Tensor embeds;
            using (no_grad()) embeds = model.model.embed_tokens.forward(ids).detach();           // [1, T, D]
            embeds.requires_grad = true;
            var logLikelihood = ReplyLikelihood.Compute(model, ids, embeds, promptIds.Length);
            logLikelihood.backward();
            using var noGrad = no_grad();
            var scores = (embeds.grad!.to(ScalarType.Float32) * embeds.detach().to(ScalarType.Float32)).sum(-1)[0]
                .narrow(0, 0, promptIds.Length);                                               // [P]
            return new AttributionResult(AttributionMethod.GradientTimesInput, promptIds, replyIds, scores.data<float>().ToArray(),
                logLikelihood.item<float>());
        }
        finally
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].requires_grad = required[i];
            if (wasTraining) model.train();
        }
    }

    public static AttributionResult Occlusion(LlamaForCausalLM model, int[] promptIds, int[] replyIds, CancellationToken cancellationToken = default)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var wasTraining = model.training;
        model.eval();
        try
        {
            var ids = ReplyLikelihood.Input(model, promptIds, replyIds);
            var embeds = model.model.embed_tokens.forward(ids);                                  // [1, T, D]
            var full = ReplyLikelihood.Compute(model, ids, embeds, promptIds.Length).item<float>();
            var scores = new float[promptIds.Length];
            for (var i = 0; i < promptIds.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var step = NewDisposeScope();
                var occluded = embeds.clone();
                occluded[0, i].zero_();
                scores[i] = full - ReplyLikelihood.Compute(model, ids, occluded, promptIds.Length).item<float>();
            }
            return new AttributionResult(AttributionMethod.Occlusion, promptIds, replyIds, scores, full);
        }
        finally { if (wasTraining) model.train(); }
    }
}
