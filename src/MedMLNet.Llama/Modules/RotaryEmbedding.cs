using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// Rotary position embedding as transformers' LlamaRotaryEmbedding: inv_freq = 1 / θ^(2i/d) (fp32), rescaled once by
/// the llama3 rule when the config asks for it; cos/sin of position·inv_freq in fp32, cast to the compute dtype;
/// rotate_half pairs dim i with i + d/2.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    public RotaryEmbedding(LlamaConfig config)
    {
        InvFreq = ComputeInvFreq(config.HeadDim, config.RopeTheta, config.RopeScaling);
    }

    /// <summary>[head_dim / 2], fp32.</summary>
    public Tensor InvFreq { get; }

    public static Tensor ComputeInvFreq(int headDim, double theta, RopeScaling? scaling)
    {
        using var scope = NewDisposeScope();
        var exponent = arange(0, headDim, 2, dtype: ScalarType.Int64).to(ScalarType.Float32) / headDim; // [d/2]
        var invFreq = 1.0 / pow(theta, exponent);
        if (scaling is not null) invFreq = ApplyLlama3Scaling(invFreq, scaling);
        return invFreq.MoveToOuterDisposeScope();
    }

    // transformers' _compute_llama3_parameters: long wavelengths divided by factor, short kept, the band between smoothed.
    private static Tensor ApplyLlama3Scaling(Tensor invFreq, RopeScaling s)
    {
        double oldContext = s.OriginalMaxPositionEmbeddings;
        var lowFreqWavelen = oldContext / s.LowFreqFactor;
        var highFreqWavelen = oldContext / s.HighFreqFactor;
        var wavelen = 2 * Math.PI / invFreq;
        var scaled = where(wavelen > lowFreqWavelen, invFreq / s.Factor, invFreq);
        var smooth = (oldContext / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        var smoothed = (1 - smooth) * scaled / s.Factor + smooth * scaled;
        var isMedium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        return where(isMedium, smoothed, scaled);
    }

    /// <summary>cos and sin for <paramref name="positionIds"/> [B, T], each [B, T, head_dim] in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) Compute(Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * InvFreq; // [B, T, d/2]
        var emb = cat([freqs, freqs], -1);                                     // [B, T, d]
        var cos = emb.cos().to(dtype);
        var sin = emb.sin().to(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>x [B, H, T, D] rotated with cos/sin [B, T, D].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var c = cos.unsqueeze(1);
        var s = sin.unsqueeze(1);
        var half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * c + rotated * s).MoveToOuterDisposeScope();
    }

    public void Dispose() => InvFreq.Dispose();
}
