using MedMLNet.Llama.Kernels;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Kernels;

/// <summary>The decode kernel for one bf16 row agrees with libtorch's linear and is used only where it applies.</summary>
public class Bf16GemvTests
{
    private const long N = 8195, K = 512;   // 4.2 M weights (above the size threshold); N odd: the 4-row blocks leave a tail

    private static (Tensor W, Tensor Hidden) Inputs()
    {
        var g = new Generator(7);
        var w = (randn([N, K], generator: g) * 0.05).to(ScalarType.BFloat16);          // [N, K]
        var hidden = randn([1, 3, K], generator: g).to(ScalarType.BFloat16);           // [1, 3, K]
        return (w, hidden);
    }

    // Both accumulate in fp32 and round once to bf16; only the summation order differs: at most one bf16 ulp apart.
    private static void AssertClose(Tensor expected, Tensor actual)
    {
        using var e = expected.to(ScalarType.Float32);
        using var a = actual.to(ScalarType.Float32);
        Assert.Equal(e.shape, a.shape);
        using var excess = (e - a).abs() - (e.abs() * (1.0 / 128) + 1e-6);
        Assert.True(excess.max().item<float>() <= 0, "an output differs by more than one bf16 ulp");
        using var same = e.eq(a).to(ScalarType.Float32).mean();
        Assert.True(same.item<float>() > 0.98, $"only {same.item<float>():P1} of outputs equal linear's");
    }

    [Fact]
    public void Matches_linear_for_a_dense_row_and_for_a_strided_last_position_view()
    {
        if (!TensorData.Available) Assert.Fail("TorchSharp's THSTensor_data binding is gone: the decode kernel would be silently off");
        using var noGrad = no_grad();
        var (w, hidden) = Inputs();
        using (w) using (hidden)
        {
            using var row = hidden.narrow(1, 2, 1);                                    // [1, 1, K], leading stride 3·K
            using var dense = empty([1, 1, K], ScalarType.BFloat16).copy_(row);          // row-major strides
            Assert.True(Bf16Gemv.Applies(row, w));
            using var expected = nn.functional.linear(DenseLayout.ForGemm(row), w);   // [1, 1, N]
            using var fromView = Bf16Gemv.Forward(row, w);
            using var fromDense = Bf16Gemv.Forward(dense, w);
            AssertClose(expected, fromView);
            AssertClose(expected, fromDense);
        }
    }

    [Fact]
    public void Does_not_apply_with_gradients_several_rows_fp32_or_small_weights()
    {
        var (w, hidden) = Inputs();
        using (w) using (hidden)
        {
            using var row = hidden.narrow(1, 0, 1);
            Assert.False(Bf16Gemv.Applies(row, w));                                    // grad mode on: autograd needs linear
            using var noGrad = no_grad();
            Assert.False(Bf16Gemv.Applies(hidden, w));                                 // 3 rows: prefill
            using var w32 = w.to(ScalarType.Float32);
            using var row32 = row.to(ScalarType.Float32);
            Assert.False(Bf16Gemv.Applies(row32, w32));
            using var small = w.narrow(0, 0, 64);
            Assert.False(Bf16Gemv.Applies(row, small));
            using var odd = w.narrow(1, 0, 500).contiguous();                          // K not a multiple of 32
            using var rowOdd = row.narrow(2, 0, 500);
            Assert.False(Bf16Gemv.Applies(rowOdd, odd));
        }
    }

    [Fact]
    public void A_projection_decodes_through_the_kernel_and_still_trains_through_linear()
    {
        var (w, hidden) = Inputs();
        using (w) using (hidden)
        using (var proj = new Projection("q_proj", "q_proj.weight", new TorchSharp.Modules.Parameter(w.clone(), requires_grad: false)))
        {
            using var row = hidden.narrow(1, 1, 1);
            using (no_grad())
            {
                using var expected = nn.functional.linear(DenseLayout.ForGemm(row), w);
                using var y = proj.forward(row);
                AssertClose(expected, y);
            }
            using var x = row.to(ScalarType.Float32).detach().requires_grad_(true);
            using var xb = x.to(ScalarType.BFloat16);
            using var loss = proj.forward(xb).to(ScalarType.Float32).sum();
            Assert.True(is_grad_enabled());
            Assert.True(loss.requires_grad, "the projection cut the graph");
            loss.backward();
            Assert.NotNull(x.grad);
            using var expectedGrad = w.to(ScalarType.Float32).sum([0L]);                 // d(Σ W·x)/dx = Σ_rows W
            using var grad = x.grad!.view(K);
            Assert.Equal(ScalarType.Float32, grad.dtype);
            using var gradError = (grad - expectedGrad).abs().max();
            using var scale = expectedGrad.abs().max();
            Assert.True(gradError.item<float>() < 0.05 * scale.item<float>(), $"gradient off by {gradError.item<float>()} of {scale.item<float>()}");
        }
    }

    [Fact]
    public void Projections_sharing_one_pass_equal_each_projection_alone_with_and_without_lora()
    {
        using var noGrad = no_grad();
        var g = new Generator(11);
        // q/k/v-like shapes of a small GQA layer: each k/v alone is below the size threshold, together they are above it.
        Projection Make(string name, long n) =>
            new(name, $"{name}.weight", new TorchSharp.Modules.Parameter((randn([n, K], generator: g) * 0.05).to(ScalarType.BFloat16), requires_grad: false));
        using var q = Make("q_proj", 6144);
        using var k = Make("k_proj", 1027);
        using var v = Make("v_proj", 1027);
        using var row = (randn([1, 1, K], generator: g)).to(ScalarType.BFloat16);     // [1, 1, K]
        Assert.False(Bf16Gemv.Applies(row, k.weight));
        Assert.True(Bf16Gemv.AppliesToAll(row, [q.weight, k.weight, v.weight]));

        void Check()
        {
            var shared = Projection.ForwardShared(row, q, k, v);
            foreach (var (p, y) in new[] { q, k, v }.Zip(shared))
            {
                using (y)
                using (var one = Bf16Gemv.Forward(row, p.weight))
                {
                    Assert.Equal(new long[] { 1, 1, p.OutFeatures }, y.shape);
                    // The same rows through the same kernel: identical bits, whatever the split between threads.
                    var expected = p.Lora is { } lora ? (one + lora.Delta(row, false)).to(ScalarType.BFloat16) : one;
                    Assert.True(expected.to(ScalarType.Float32).allclose(y.to(ScalarType.Float32), 0, 0), $"{p.ModulePath} differs from its own pass");
                    // forward alone takes libtorch's linear for the small k/v weights: one bf16 ulp at most.
                    using var reference = p.forward(row);
                    AssertClose(reference, y);
                }
            }
        }
        Check();
        k.AttachLora(new LoraAdapter((randn([4, K], generator: g) * 0.1), randn([1027, 4], generator: g) * 0.1, scaling: 2.0, dropout: 0));
        Check();
    }
}
