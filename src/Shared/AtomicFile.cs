// Shared source, compiled into every MedMLNet assembly (see Directory.Build.props).
using System.Text;

namespace MedMLNet.IO;

/// <summary>
/// Writes files so that a crash or kill at any moment leaves either the old file or the new one, never a
/// torn one: the content goes to a temporary file in the same folder, is flushed to disk, then renamed over
/// the target. A failure (disk full, cancellation) deletes the temporary file and leaves the old file as it was.
/// Temporary files left by a process that was killed mid-write (<c>.NAME.PID.GUID.tmp</c> whose PID no longer runs)
/// are removed by the next write into the same folder.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temp file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveStaleTemps(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { var bytes = new UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes lines (UTF-8, '\n') atomically.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            foreach (var line in lines) w.WriteLine(line);
        });

    /// <summary>Deletes temp files of this naming scheme whose writer process is gone (killed before its rename).</summary>
    private static void RemoveStaleTemps(string dir)
    {
        string[] temps;
        try { temps = Directory.GetFiles(dir, ".*.tmp"); } catch (IOException) { return; } catch (UnauthorizedAccessException) { return; }
        foreach (var temp in temps)
        {
            var parts = Path.GetFileName(temp).Split('.');
            // "", NAME..., PID, GUID, "tmp"
            if (parts.Length < 5 || parts[^2].Length != 32 || !int.TryParse(parts[^3], out var pid)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDelete(temp);
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
