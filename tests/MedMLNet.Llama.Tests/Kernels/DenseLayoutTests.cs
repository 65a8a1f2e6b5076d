using MedMLNet.Llama.Kernels;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Kernels;

/// <summary>Half-precision GEMM inputs get row-major strides (a one-position view of a sequence has an odd leading stride).</summary>
public class DenseLayoutTests
{
    [Fact]
    public void A_last_position_view_is_copied_to_row_major_strides_with_the_same_values()
    {
        using var hidden = arange(2 * 5 * 4, dtype: ScalarType.Float32).reshape(1, 10, 4).to(ScalarType.BFloat16); // [1, 10, 4]
        using var last = hidden.narrow(1, 9, 1);                                   // [1, 1, 4], strides (40, 4, 1)
        Assert.True(last.is_contiguous());                                         // size-1 dims: contiguous() would keep it
        Assert.Equal([40L, 4, 1], last.stride());
        using var dense = DenseLayout.ForGemm(last);
        Assert.Equal([4L, 4, 1], dense.stride());
        Assert.Equal(new float[] { 36, 37, 38, 39 }, dense.to(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void Row_major_and_fp32_inputs_are_passed_through()
    {
        using var x = randn(3, 4).to(ScalarType.BFloat16);
        Assert.Same(x, DenseLayout.ForGemm(x));
        using var f = randn(1, 10, 4);
        using var view = f.narrow(1, 9, 1);
        Assert.Same(view, DenseLayout.ForGemm(view));
    }
}
