using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Explain;

/// <summary>log p(reply | prompt) = Σ_j log_softmax(logits[P-1+j])[reply_j] for a batch-1 prompt + reply.</summary>
public static class ReplyLikelihood
{
    /// <summary>Checks ids and returns the concatenated [1, P+R] input.</summary>
    public static Tensor Input(LlamaForCausalLM model, int[] promptIds, int[] replyIds)
    {
        if (promptIds.Length == 0) throw new ArgumentException("the prompt needs at least one token.");
        if (replyIds.Length == 0) throw new ArgumentException("the reply needs at least one token to explain.");
        var vocab = model.Config.VocabSize;
        if (promptIds.Concat(replyIds).Any(id => id < 0 || id >= vocab)) throw new ArgumentException($"token ids must be in [0, {vocab}).");
        var device = model.model.embed_tokens.weight.device;
        return tensor(promptIds.Concat(replyIds).Select(x => (long)x).ToArray(), device: device).unsqueeze(0);
    }

    /// <summary>Scalar fp32 log-likelihood of the reply given embeddings <paramref name="embeds"/> [1, P+R, D].</summary>
    public static Tensor Compute(LlamaForCausalLM model, Tensor ids, Tensor embeds, int promptLength)
    {
        using var scope = NewDisposeScope();
        var total = ids.shape[1];
        var replyLength = total - promptLength;
        var hidden = model.ForwardHidden(new LlamaInputs(ids) { InputsEmbeds = embeds });       // [1, T, D]
        var logits = model.lm_head.forward(hidden.narrow(1, promptLength - 1, replyLength));   // [1, R, V]
        var logProbs = logits.to(ScalarType.Float32).log_softmax(-1);
        var targets = ids.narrow(1, promptLength, replyLength).unsqueeze(-1);                  // [1, R, 1]
        return logProbs.gather(-1, targets).sum().MoveToOuterDisposeScope();
    }
}
