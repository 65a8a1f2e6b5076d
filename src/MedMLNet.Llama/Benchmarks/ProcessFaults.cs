namespace MedMLNet.Llama.Benchmarks;

/// <summary>This process's page-fault counters from <c>/proc/self/stat</c> (minflt, majflt; 0 where /proc is absent).</summary>
public static class ProcessFaults
{
    /// <summary>Minor page faults so far (field 10 of /proc/self/stat).</summary>
    public static long Minor() => Field(10);

    /// <summary>Major page faults so far (field 12: pages read from disk).</summary>
    public static long Major() => Field(12);

    private static long Field(int index)
    {
        if (!File.Exists("/proc/self/stat")) return 0;
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(rest[index - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
