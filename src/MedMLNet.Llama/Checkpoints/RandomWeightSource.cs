using static TorchSharp.torch;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Random initialisation as transformers' `LlamaPreTrainedModel._init_weights`: normal(0, initializer_range)
/// for linear and embedding weights, ones for RMSNorm. Seeded, so a shape is reproducible.
/// </summary>
public sealed class RandomWeightSource(long seed = 0, double std = 0.02) : IWeightSource
{
    private readonly Generator generator = new Generator((ulong)seed);

    public Tensor Take(string key, long[] shape, ScalarType dtype, WeightKind kind)
    {
        if (kind == WeightKind.Norm) return ones(shape, dtype);
        using var w = normal(0, std, shape, dtype: ScalarType.Float32, generator: generator);
        return w.to(dtype);
    }

    public void Finish() { }
}
