using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// One LoRA adapter on a projection, as PEFT's lora.Linear: <c>B(A(dropout(x))) * scaling</c>, A [r, in]
/// (kaiming-uniform, a=√5), B [out, r] (zero), both fp32 whatever the base dtype; scaling α/r, or α/√r with rsLoRA.
/// </summary>
public sealed class LoraAdapter : nn.Module
{
#pragma warning disable IDE1006 // PEFT state-dict names
    public readonly Parameter lora_A; // [r, in]
    public readonly Parameter lora_B; // [out, r]
#pragma warning restore IDE1006

    public LoraAdapter(Tensor a, Tensor b, double scaling, double dropout) : base("lora")
    {
        if (a.ndim != 2 || b.ndim != 2 || a.shape[0] != b.shape[1])
            throw new ArgumentException($"LoRA shapes do not fit: A [{string.Join(",", a.shape)}], B [{string.Join(",", b.shape)}] (need A [r, in], B [out, r]).");
        lora_A = new Parameter(a.to(ScalarType.Float32), requires_grad: true);
        lora_B = new Parameter(b.to(ScalarType.Float32), requires_grad: true);
        Scaling = scaling;
        Dropout = dropout;
        RegisterComponents();
    }

    public double Scaling { get; }
    public double Dropout { get; }
    /// <summary>
    /// Where dropout draws its masks while training: the fine-tuner's own generator, so nothing else in the process
    /// that uses torch's global RNG (another model, a test, a parallel ML.NET pipeline) can change them; null = torch's global RNG.
    /// </summary>
    public Generator? DropoutGenerator { get; set; }
    public long Rank => lora_A.shape[0];

    /// <summary>Fresh adapter as PEFT initialises it: A ~ kaiming_uniform(a=√5) (bound 1/√in), B = 0.</summary>
    public static LoraAdapter Create(long inFeatures, long outFeatures, int rank, double scaling, double dropout, Generator? generator)
    {
        var bound = 1.0 / Math.Sqrt(inFeatures); // kaiming_uniform_ with a=√5: gain √(2/(1+5)) · √(3/fan_in) = 1/√fan_in
        using var a = rand([rank, inFeatures], dtype: ScalarType.Float32, generator: generator) * (2 * bound) - bound;
        using var b = zeros(outFeatures, rank, ScalarType.Float32);
        return new LoraAdapter(a, b, scaling, dropout);
    }

    /// <summary>x [.., in] (any dtype) -> delta [.., out] in fp32.</summary>
    public Tensor Delta(Tensor x, bool training)
    {
        using var scope = NewDisposeScope();
        var h = x.to(ScalarType.Float32);
        if (training && Dropout > 0) h = DropoutGenerator is { } g
            ? h * empty_like(h).bernoulli_(1 - Dropout, generator: g).div_(1 - Dropout) // keep with p 1-dropout, scaled 1/(1-dropout) as torch's dropout
            : nn.functional.dropout(h, Dropout, training: true);
        var delta = nn.functional.linear(nn.functional.linear(h, lora_A), lora_B) * Scaling;
        return delta.MoveToOuterDisposeScope();
    }

    /// <summary>B·A·scaling [out, in] in fp32: what merging adds to the base weight.</summary>
    public Tensor DeltaWeight()
    {
        using var scope = NewDisposeScope();
        return (lora_B.matmul(lora_A) * Scaling).MoveToOuterDisposeScope();
    }
}
