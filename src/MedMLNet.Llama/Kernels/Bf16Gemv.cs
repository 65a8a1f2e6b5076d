using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Kernels;

/// <summary>
/// One-position bf16 projection for decode: y = W·x for a single input row, W [N, K] bf16 row-major, accumulated in
/// fp32 and rounded to bf16 (as oneDNN does; the summation order differs, so about 1 output in 3,000 differs by one bf16
/// ulp). libtorch's bf16 linear (oneDNN) reaches about half the fp32-sum bandwidth on one row, as does a kernel that
/// widens bf16 with shuffles, so the cost is instructions per byte, not memory. This kernel reads each 32-bit word of
/// W as two bf16 lanes (even = word ≪ 16, odd = word &amp; 0xFFFF0000) against x split into its even and odd elements,
/// four rows at a time: 1.2–2× faster than <c>linear</c> on Llama projection shapes (bench --probe gemv).
/// </summary>
internal static unsafe class Bf16Gemv
{
    /// <summary>Smaller weights stay with libtorch (thread hand-off costs more than the kernel saves).</summary>
    public const long MinElements = 1L << 22;

    /// <summary>MEDMLNET_BF16_GEMV=0 turns the kernel off (libtorch's linear everywhere); the bench switches it to compare.</summary>
    public static bool Enabled { get; internal set; } = Environment.GetEnvironmentVariable("MEDMLNET_BF16_GEMV") != "0";

    /// <summary>Whether <see cref="Forward"/> applies: inference, CPU, bf16, one input row, contiguous large W, K % 32 == 0.</summary>
    public static bool Applies(Tensor x, Tensor w) => Supports(x, w) && w.numel() >= MinElements;

    /// <summary>Whether <see cref="ForwardMany"/> applies to these weights together (their total size counts).</summary>
    public static bool AppliesToAll(Tensor x, IReadOnlyList<Tensor> weights) =>
        weights.All(w => Supports(x, w)) && weights.Sum(w => w.numel()) >= MinElements;

    private static bool Supports(Tensor x, Tensor w)
    {
        if (!Enabled || !Vector512.IsHardwareAccelerated || !TensorData.Available || is_grad_enabled()) return false;
        if (x.dtype != ScalarType.BFloat16 || w.dtype != ScalarType.BFloat16 || w.device_type != DeviceType.CPU || x.device_type != DeviceType.CPU) return false;
        long k = w.shape[1];
        return k % 32 == 0 && x.shape[^1] == k && x.numel() == k && w.is_contiguous();
    }

    [ThreadStatic] private static float[]? split;   // x[0::2] then x[1::2] in fp32, reused per calling thread (pinned)

    /// <summary>x [.., K] with one row -> [.., N] bf16. Call only where <see cref="Applies"/>.</summary>
    public static Tensor Forward(Tensor x, Tensor w) => ForwardMany(x, [w])[0];

    /// <summary>
    /// Several projections of the same row (q/k/v, gate/up): x is split once and one parallel pass covers the rows of
    /// every weight, so the thread hand-off is paid once. Call only where <see cref="AppliesToAll"/>; results in order.
    /// </summary>
    public static Tensor[] ForwardMany(Tensor x, IReadOnlyList<Tensor> weights)
    {
        long k = weights[0].shape[1];
        var ys = new Tensor[weights.Count];
        var offsets = new long[weights.Count + 1];
        for (var i = 0; i < weights.Count; i++)
        {
            var shape = x.shape.ToArray();
            shape[^1] = weights[i].shape[0];
            ys[i] = empty(shape, ScalarType.BFloat16);                              // [.., N_i]
            offsets[i + 1] = offsets[i] + weights[i].shape[0];
        }
        var row = x.stride(-1) == 1 ? x : x.contiguous();                           // one row: K elements, unit stride
        try
        {
            if (split is null || split.Length < k) split = GC.AllocateArray<float>((int)k, pinned: true);
            var xe = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(split, 0);
            Split((ushort*)TensorData.Pointer(row), xe, k);
            var ws = weights.Select(w => TensorData.Pointer(w)).ToArray();
            var yps = ys.Select(y => TensorData.Pointer(y)).ToArray();
            var total = offsets[^1];
            var parts = Math.Max(1, get_num_threads());
            var per = ((total + parts - 1) / parts + 3) / 4 * 4;
            void Part(int p)
            {
                long a = Math.Min(total, p * per), b = Math.Min(total, (p + 1) * per);
                for (var i = 0; i < ws.Length; i++)
                {
                    long lo = Math.Max(a, offsets[i]) - offsets[i], hi = Math.Min(b, offsets[i + 1]) - offsets[i];
                    if (lo < hi) Rows((uint*)ws[i], xe, xe + k / 2, (ushort*)yps[i], k / 2, lo, hi);
                }
            }
            if (parts == 1) Part(0);
            else Parallel.For(0, parts, Part);
        }
        finally { if (!ReferenceEquals(row, x)) row.Dispose(); }
        return ys;
    }

    // bf16 x [K] -> fp32 even elements xe [K/2], then odd ones at xe + K/2.
    private static void Split(ushort* x, float* xe, long k)
    {
        var xo = xe + k / 2;
        for (long j = 0; j < k / 2; j++)
        {
            xe[j] = BitConverter.Int32BitsToSingle(x[2 * j] << 16);
            xo[j] = BitConverter.Int32BitsToSingle(x[2 * j + 1] << 16);
        }
    }

    // fp32 -> bf16 bits, round to nearest even, NaN kept quiet (what libtorch's .to(bfloat16) does).
    private static ushort ToBf16(float f)
    {
        var bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return 0x7FC0;
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    // y[r] = Σj even(W[r, j])·xe[j] + odd(W[r, j])·xo[j] for rows [r0, r1); W as uint words [N, K/2].
    private static void Rows(uint* w, float* xe, float* xo, ushort* y, long kp, long r0, long r1)
    {
        var high = Vector512.Create(0xFFFF0000u);
        var r = r0;
        for (; r + 4 <= r1; r += 4)
        {
            uint* w0 = w + r * kp, w1 = w0 + kp, w2 = w1 + kp, w3 = w2 + kp;
            Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, o0 = default, o1 = default, o2 = default, o3 = default;
            for (long j = 0; j < kp; j += 16)
            {
                var ve = Vector512.Load(xe + j);
                var vo = Vector512.Load(xo + j);
                var u0 = Vector512.Load(w0 + j); var u1 = Vector512.Load(w1 + j); var u2 = Vector512.Load(w2 + j); var u3 = Vector512.Load(w3 + j);
                e0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u0, 16).AsSingle(), ve, e0); o0 = Vector512.FusedMultiplyAdd((u0 & high).AsSingle(), vo, o0);
                e1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u1, 16).AsSingle(), ve, e1); o1 = Vector512.FusedMultiplyAdd((u1 & high).AsSingle(), vo, o1);
                e2 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u2, 16).AsSingle(), ve, e2); o2 = Vector512.FusedMultiplyAdd((u2 & high).AsSingle(), vo, o2);
                e3 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u3, 16).AsSingle(), ve, e3); o3 = Vector512.FusedMultiplyAdd((u3 & high).AsSingle(), vo, o3);
            }
            y[r] = ToBf16(Vector512.Sum(e0 + o0)); y[r + 1] = ToBf16(Vector512.Sum(e1 + o1));
            y[r + 2] = ToBf16(Vector512.Sum(e2 + o2)); y[r + 3] = ToBf16(Vector512.Sum(e3 + o3));
        }
        for (; r < r1; r++)
        {
            var w0 = w + r * kp;
            Vector512<float> e0 = default, o0 = default;
            for (long j = 0; j < kp; j += 16)
            {
                var u0 = Vector512.Load(w0 + j);
                e0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(u0, 16).AsSingle(), Vector512.Load(xe + j), e0);
                o0 = Vector512.FusedMultiplyAdd((u0 & high).AsSingle(), Vector512.Load(xo + j), o0);
            }
            y[r] = ToBf16(Vector512.Sum(e0 + o0));
        }
    }
}
