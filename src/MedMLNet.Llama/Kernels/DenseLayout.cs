using static TorchSharp.torch;

namespace MedMLNet.Llama.Kernels;

/// <summary>
/// Row-major strides for half-precision GEMM inputs. A view such as <c>hidden.narrow(1, T - 1, 1)</c> counts as
/// contiguous (size-1 dimensions are ignored), so <c>contiguous()</c> keeps its odd stride, but libtorch's oneDNN bf16
/// GEMM refuses such a leading dimension and falls back to a scalar kernel: measured 3.6 s instead of 28 ms for the
/// Llama-3.2-1B vocabulary projection of one position. Such inputs are copied into a fresh dense tensor (a copy of
/// one row, not of the weight).
/// </summary>
internal static class DenseLayout
{
    public static Tensor ForGemm(Tensor x)
    {
        if (x.dtype is not (ScalarType.BFloat16 or ScalarType.Float16)) return x;
        var shape = x.shape;
        var strides = x.stride();
        long expected = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            if (strides[d] != expected) return empty(shape, x.dtype, x.device).copy_(x);
            expected *= shape[d];
        }
        return x;
    }
}
