using System.Reflection;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Kernels;

/// <summary>
/// The address of a CPU tensor's first element. TorchSharp 0.107 exposes no public data pointer for bf16 tensors
/// (<c>storage&lt;T&gt;</c> has no bf16 element type), so this binds the native <c>THSTensor_data</c> that TorchSharp
/// itself calls. Null where that binding is not found (another TorchSharp version): callers then use libtorch kernels.
/// </summary>
internal static class TensorData
{
    private static readonly Func<IntPtr, IntPtr>? Data = Bind();

    public static bool Available => Data is not null;

    /// <summary>Pointer to element 0 (storage offset included); the tensor must stay alive while it is used.</summary>
    public static IntPtr Pointer(Tensor t) => Data!(t.Handle);

    private static Func<IntPtr, IntPtr>? Bind()
    {
        var method = typeof(TorchSharp.torch).Assembly.GetType("TorchSharp.PInvoke.NativeMethods")
            ?.GetMethod("THSTensor_data", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(IntPtr)]);
        return method is not null && method.ReturnType == typeof(IntPtr) ? method.CreateDelegate<Func<IntPtr, IntPtr>>() : null;
    }
}
