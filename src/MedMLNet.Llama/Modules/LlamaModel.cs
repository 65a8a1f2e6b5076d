using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// LlamaModel (state-dict prefix "model."), as transformers' and Microsoft.ML.GenAI's: the embedding lookup, rotary
/// position embedding, attention mask, the decoder stack and the final RMSNorm, from one <see cref="LlamaInputs"/>.
/// </summary>
public sealed class LlamaModel : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Embedding embed_tokens;
    public readonly nn.Module layers;
    public readonly RmsNorm norm;
#pragma warning restore IDE1006
    private readonly LlamaDecoderLayer[] decoderLayers;
    private readonly RotaryEmbedding rotaryEmb; // transformers' model.rotary_emb: inv_freq is a non-persistent buffer, not in the state dict
    private readonly LlamaConfig config;
    private readonly ScalarType dtype;

    public LlamaModel(LlamaConfig c, ScalarType dtype, IWeightSource source) : base("model")
    {
        config = c; this.dtype = dtype;
        embed_tokens = new Embedding(LlamaKeys.EmbedTokens, c.VocabSize, c.HiddenSize, dtype, source);
        decoderLayers = Enumerable.Range(0, c.NumHiddenLayers).Select(i => new LlamaDecoderLayer(i, c, dtype, source)).ToArray();
        layers = nn.ModuleList(decoderLayers);
        norm = new RmsNorm("norm", LlamaKeys.Norm, c.HiddenSize, c.RmsNormEps, dtype, source);
        rotaryEmb = new RotaryEmbedding(c);
        RegisterComponents();
    }

    public IReadOnlyList<LlamaDecoderLayer> Layers => decoderLayers;

    /// <summary>RoPE's inverse frequencies [head_dim / 2] (fp32).</summary>
    public Tensor RopeInvFreq => rotaryEmb.InvFreq;

    /// <summary>The final-norm hidden states [B, T, D]; a generation cache in <see cref="LlamaInputs.PastKeyValues"/> is extended by T positions.</summary>
    public Tensor forward(LlamaInputs inputs)
    {
        using var scope = NewDisposeScope();
        var ids = inputs.InputIds;
        if (ids.ndim != 2) throw new ArgumentException($"input ids must be [batch, length], got [{string.Join(",", ids.shape)}].");
        long b = ids.shape[0], t = ids.shape[1];
        var past = inputs.PastKeyValues?.Length ?? 0;
        if (inputs.AttentionMask is { } am && (am.shape[0] != b || am.shape[1] != past + t))
            throw new ArgumentException($"attention mask must be [{b}, {past + t}] (past {past} + new {t}), got [{string.Join(",", am.shape)}].");
        var positions = inputs.PositionIds ?? arange(past, past + t, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0).expand(b, t);
        var (cos, sin) = rotaryEmb.Compute(positions, dtype);
        var mask = AttentionMask.Build(past, t, inputs.AttentionMask, ids.device);
        if (inputs.InputsEmbeds is { } e && (e.ndim != 3 || e.shape[0] != b || e.shape[1] != t || e.shape[2] != config.HiddenSize))
            throw new ArgumentException($"inputs embeds must be [{b}, {t}, {config.HiddenSize}], got [{string.Join(",", e.shape)}].");
        var h = inputs.InputsEmbeds ?? embed_tokens.forward(ids);
        h = RunLayers(h, cos, sin, mask, inputs);
        inputs.PastKeyValues?.Advance(t);
        return h.MoveToOuterDisposeScope();
    }

    // The decoder stack and the final norm. A runner (gradient checkpointing) calls layers again in backward, after this
    // scope has ended: the constants are then kept alive as handles of their own (sharing storage) that no scope disposes.
    private Tensor RunLayers(Tensor h, Tensor cos, Tensor sin, Tensor? mask, LlamaInputs inputs)
    {
        var (runner, hiddenStates, past) = (inputs.LayerRunner, inputs.HiddenStates, inputs.PastKeyValues);
        if (runner is not null) (cos, sin, mask) = (Keep(cos), Keep(sin), mask is null ? null : Keep(mask));
        hiddenStates?.Add(h.detach().clone().DetachFromDisposeScope());
        for (var i = 0; i < decoderLayers.Length; i++)
        {
            var layer = decoderLayers[i];
            Tensor Run(Tensor x, KvCache? p) => layer.forward(x, cos, sin, mask, p);
            h = runner is null ? Run(h, past) : runner(layer, h, past, Run);
            if (hiddenStates != null && i < decoderLayers.Length - 1) hiddenStates.Add(h.detach().clone().DetachFromDisposeScope());
        }
        h = norm.forward(h);
        hiddenStates?.Add(h.detach().clone().DetachFromDisposeScope());
        return h;
    }

    private static Tensor Keep(Tensor t) => t.detach().DetachFromDisposeScope();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rotaryEmb.Dispose();
        base.Dispose(disposing);
    }
}
