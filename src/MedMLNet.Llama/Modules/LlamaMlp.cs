using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>LlamaMLP (SwiGLU): down(silu(gate(x)) · up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Projection gate_proj, up_proj, down_proj;
#pragma warning restore IDE1006

    public LlamaMlp(string prefix, LlamaConfig c, ScalarType dtype, IWeightSource source) : base("mlp")
    {
        gate_proj = new Projection("gate_proj", LlamaKeys.WeightOf($"{prefix}.gate_proj"), c.HiddenSize, c.IntermediateSize, dtype, source);
        up_proj = new Projection("up_proj", LlamaKeys.WeightOf($"{prefix}.up_proj"), c.HiddenSize, c.IntermediateSize, dtype, source);
        down_proj = new Projection("down_proj", LlamaKeys.WeightOf($"{prefix}.down_proj"), c.IntermediateSize, c.HiddenSize, dtype, source);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, T, D] -> [B, T, D]
    {
        using var scope = NewDisposeScope();
        var gateUp = Projection.ForwardShared(x, gate_proj, up_proj);
        var h = nn.functional.silu(gateUp[0]) * gateUp[1];                     // [B, T, I]
        return down_proj.forward(h).MoveToOuterDisposeScope();
    }
}
