using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>LlamaModel: embeddings, the decoder stack and the final RMSNorm (state-dict prefix "model.").</summary>
public sealed class LlamaModel : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Embedding embed_tokens;
    public readonly nn.Module layers;
    public readonly RmsNorm norm;
#pragma warning restore IDE1006
    private readonly LlamaDecoderLayer[] decoderLayers;

    public LlamaModel(LlamaConfig c, ScalarType dtype, IWeightSource source) : base("model")
    {
        embed_tokens = new Embedding("model.embed_tokens.weight", c.VocabSize, c.HiddenSize, dtype, source);
        decoderLayers = Enumerable.Range(0, c.NumHiddenLayers).Select(i => new LlamaDecoderLayer(i, c, dtype, source)).ToArray();
        layers = nn.ModuleList(decoderLayers);
        norm = new RmsNorm("norm", "model.norm.weight", c.HiddenSize, c.RmsNormEps, dtype, source);
        RegisterComponents();
    }

    public IReadOnlyList<LlamaDecoderLayer> Layers => decoderLayers;

    /// <summary>Runs the decoder stack. <paramref name="layerRunner"/> lets training wrap each layer (gradient checkpointing).</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, Tensor? mask, IReadOnlyList<(Tensor K, Tensor V)>? prefix, KvCache? cache,
        List<Tensor>? hiddenStates, DecoderLayerRunner? layerRunner = null)
    {
        using var scope = NewDisposeScope();
        var h = hidden;
        // A runner (gradient checkpointing) calls layers again in backward, after this scope has ended: keep the constants alive
        // as handles of their own (sharing storage) that no scope disposes.
        if (layerRunner is not null) (cos, sin, mask) = (Keep(cos), Keep(sin), mask is null ? null : Keep(mask));
        hiddenStates?.Add(h.detach().clone().DetachFromDisposeScope());
        for (var i = 0; i < decoderLayers.Length; i++)
        {
            var layer = decoderLayers[i];
            var past = prefix?[i];
            Tensor Run(Tensor x, (Tensor K, Tensor V)? p) => layer.Forward(x, cos, sin, mask, p, cache);
            h = layerRunner is null ? Run(h, past) : layerRunner(layer, h, past, Run);
            if (hiddenStates != null && i < decoderLayers.Length - 1) hiddenStates.Add(h.detach().clone().DetachFromDisposeScope());
        }
        h = norm.forward(h);
        hiddenStates?.Add(h.detach().clone().DetachFromDisposeScope());
        return h.MoveToOuterDisposeScope();
    }

    private static Tensor Keep(Tensor t) => t.detach().DetachFromDisposeScope();
}
