using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Training;

/// <summary>
/// fp32 master copies of low-precision (bf16/fp16) trained weights, as torch AMP and DeepSpeed's bf16 optimizer keep
/// them: forward and backward run on the low-precision weights; <see cref="GatherGradients"/> casts their gradients
/// to fp32 onto the masters, AdamW updates the masters (its moments are fp32 too), and <see cref="Publish"/> sets
/// each model weight to its master rounded to nearest-even (<c>master.to(bfloat16)</c>). A weight already in fp32
/// has no master: the optimizer updates it directly.
/// </summary>
public sealed class MasterWeights : IDisposable
{
    private readonly List<(Parameter Weight, Parameter Master)> pairs = [];

    /// <param name="trainable">The model's trained weights by name.</param>
    /// <param name="enabled">False: no masters; every weight is optimized in its own dtype.</param>
    public MasterWeights(IReadOnlyList<(string Name, Parameter Parameter)> trainable, bool enabled)
    {
        var optimized = new List<(string, Parameter)>();
        foreach (var (name, weight) in trainable)
        {
            if (!enabled || weight.dtype == ScalarType.Float32) { optimized.Add((name, weight)); continue; }
            using var noGrad = no_grad();
            var master = new Parameter(weight.detach().to(ScalarType.Float32).clone(), requires_grad: true);
            pairs.Add((weight, master));
            optimized.Add((name, master));
        }
        Optimized = optimized;
    }

    /// <summary>What the optimizer updates, by the trained weights' names: the fp32 master where there is one, else the weight itself.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Optimized { get; }

    /// <summary>Whether any weight has an fp32 master.</summary>
    public bool Any => pairs.Count > 0;

    /// <summary>Each master's gradient := its weight's gradient cast to fp32 (weights without a gradient get none).</summary>
    public void GatherGradients()
    {
        foreach (var (weight, master) in pairs)
        {
            if (weight.grad is not { } g) { master.grad = null; continue; }
            using (g)
            using (var g32 = g.to(ScalarType.Float32)) master.grad = g32; // the master's autograd slot keeps its own reference
        }
    }

    /// <summary>Each weight := its master rounded to the weight's dtype; the weights' gradients are cleared.</summary>
    public void Publish()
    {
        using var noGrad = no_grad();
        foreach (var (weight, master) in pairs)
        {
            using var rounded = master.to(weight.dtype);
            weight.copy_(rounded);
            using var g = weight.grad;
            g?.zero_();
        }
    }

    public void Dispose()
    {
        foreach (var (_, master) in pairs) master.Dispose();
        pairs.Clear();
    }
}
