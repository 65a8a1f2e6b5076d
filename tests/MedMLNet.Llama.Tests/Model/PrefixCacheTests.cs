using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Model;

/// <summary>A prefix-tuning prefix is a pre-filled KV cache: the one past a forward takes.</summary>
public class PrefixCacheTests
{
    [Fact]
    public void A_prefilled_prefix_gives_the_logits_of_a_generation_cache_holding_the_same_prefix_and_keeps_its_length()
    {
        using var model = LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama31-fp32"));
        using var prefix = PrefixWeights.Load(model, LlamaFixtures.Dir("prefix-adapter"));
        using var noGrad = no_grad();
        using var ids = tensor(new long[] { 5, 17, 99, 3, 250 }).unsqueeze(0);
        using var prefilled = prefix.ToCache(1, model.DType);
        using var viaPrefix = model.Forward(new LlamaInputs(ids) { PastKeyValues = prefilled });
        Assert.Equal(prefix.NumVirtualTokens, prefilled.Length);

        using var cache = model.NewCache(1, prefix.NumVirtualTokens + 5);
        var past = prefix.PastKeyValues(1, model.DType);
        for (var l = 0; l < past.Count; l++) cache.Append(l, past[l].K, past[l].V);
        cache.Advance(prefix.NumVirtualTokens);
        using var viaCache = model.Forward(new LlamaInputs(ids) { PastKeyValues = cache });
        Assert.Equal(prefix.NumVirtualTokens + 5, cache.Length);
        Assert.True(viaPrefix.allclose(viaCache, rtol: 0, atol: 1e-5));
    }
}
