using MedMLNet.Llama.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// LlamaRMSNorm: <c>weight * (x.float() * rsqrt(mean(x.float()^2) + eps)).to(dtype)</c>. The normalisation runs
/// in fp32 and is cast back before the weight multiply, exactly as transformers does.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double eps;
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Parameter weight; // [D]
#pragma warning restore IDE1006

    public RmsNorm(string name, string key, long dim, double eps, ScalarType dtype, IWeightSource source) : base(name)
    {
        this.eps = eps;
        weight = new Parameter(source.Take(key, [dim], dtype, WeightKind.Norm), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [.., D] -> [.., D]
    {
        using var scope = NewDisposeScope();
        var h = x.to(ScalarType.Float32);
        var variance = h.pow(2).mean([-1L], keepdim: true);
        h = h * (variance + eps).rsqrt();
        return (weight * h.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
