using System.Runtime.InteropServices;
using System.Text.Json;
using MedMLNet.Llama.Native;
using TorchSharp;

namespace MedMLNet.Llama;

/// <summary>
/// One place that prepares libtorch for this process: OpenMP wait policy (set in the native environment
/// before libtorch loads), intra-op threads, and a description for `medmlnet doctor`.
/// </summary>
public static class TorchRuntime
{
    private static int initialized;

    /// <summary>
    /// Call before the first TorchSharp use. Sets OMP_WAIT_POLICY=PASSIVE unless the user set it (spinning
    /// OpenMP workers cost 5-8x on decode-sized ops with 2 cores) and the thread count from MEDMLNET_THREADS.
    /// </summary>
    /// <exception cref="LibTorchLoadException">libtorch cannot load here: the message names the file, the missing
    /// GLIBC/GLIBCXX version and the fix (TorchSharp's own message names a missing package instead).</exception>
    public static void Initialize()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1)
        {
            if (loadError is not null) throw loadError;
            return;
        }
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            NativeSetEnv("OMP_WAIT_POLICY", "PASSIVE");
        int current;
        try { current = torch.get_num_threads(); } // the first TorchSharp call: loads libtorch
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            if (LibTorchLoadCheck.Diagnose() is not { } reason) throw;
            loadError = new LibTorchLoadException(reason, e);
            throw loadError;
        }
        if (int.TryParse(Environment.GetEnvironmentVariable("MEDMLNET_THREADS"), out var threads) && threads > 0 && threads != current)
            torch.set_num_threads(threads);
    }

    private static LibTorchLoadException? loadError;

    /// <summary>
    /// Uses <paramref name="threads"/> intra-op threads until the returned scope is disposed, then restores the count
    /// it found: the count is process-wide, and a caller in the same process (a host running `bench`, a test) keeps its own.
    /// </summary>
    public static IDisposable UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var before = torch.get_num_threads();
        torch.set_num_threads(threads);
        return new ThreadCountScope(before);
    }

    private sealed class ThreadCountScope(int restore) : IDisposable
    {
        private int disposed;
        public void Dispose() { if (Interlocked.Exchange(ref disposed, 1) == 0) torch.set_num_threads(restore); }
    }

    /// <summary>The backend this build was compiled for: cpu, or cuda with -p:TorchBackend=cuda.</summary>
    public static string Backend => torch.cuda.is_available() ? "cuda" : "cpu";

    public static RuntimeDescription Describe()
    {
        Initialize();
        var cuda = torch.cuda.is_available();
        return new RuntimeDescription(
            Backend: cuda ? "cuda" : "cpu",
            LibTorchVersion: torch.__version__,
            TorchSharpVersion: typeof(torch).Assembly.GetName().Version?.ToString() ?? "?",
            Device: cuda ? $"cuda:0 ({torch.cuda.device_count()} device(s))" : "cpu",
            Threads: torch.get_num_threads(),
            ProcessorCount: Environment.ProcessorCount,
            OmpWaitPolicy: NativeGetEnv("OMP_WAIT_POLICY") ?? "(default)");
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(string name);

    private static void NativeSetEnv(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        try { setenv(name, value, 0); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
    }

    private static string? NativeGetEnv(string name)
    {
        try { return OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringAnsi(getenv(name)); }
        catch (DllNotFoundException) { return Environment.GetEnvironmentVariable(name); }
    }
}

/// <summary>What `medmlnet doctor` prints.</summary>
public sealed record RuntimeDescription(string Backend, string LibTorchVersion, string TorchSharpVersion, string Device,
    int Threads, int ProcessorCount, string OmpWaitPolicy)
{
    public override string ToString() =>
        $"backend={Backend} libtorch={LibTorchVersion} torchsharp={TorchSharpVersion} device={Device} threads={Threads} cores={ProcessorCount} omp_wait_policy={OmpWaitPolicy}";

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
}
