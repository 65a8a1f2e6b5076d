namespace MedMLNet.Llama.Benchmarks;

/// <summary>Peak resident memory of this process (Linux VmHWM), resettable per phase through /proc/self/clear_refs.</summary>
public static class PeakMemory
{
    /// <summary>Resets the high-water mark to the current RSS (no-op where the kernel does not allow it).</summary>
    public static void Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Peak RSS in bytes since the last reset (0 when /proc is unavailable).</summary>
    public static long PeakBytes()
    {
        if (!File.Exists("/proc/self/status")) return 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return ParseKilobytes(line);
        return 0;
    }

    /// <summary>Bytes of a /proc status line such as "VmHWM:\t18458992 kB" (the kernel pads short numbers with spaces after the tab).</summary>
    internal static long ParseKilobytes(string line) =>
        long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
