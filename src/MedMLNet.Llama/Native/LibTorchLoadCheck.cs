using System.Runtime.InteropServices;

namespace MedMLNet.Llama.Native;

/// <summary>libtorch cannot load in this process; the message names the file, the missing symbol version and the fix.</summary>
public sealed class LibTorchLoadException(string message, Exception? inner = null) : NotSupportedException(message, inner);

/// <summary>
/// Explains a libtorch load failure: reads the version needs of TorchSharp's and libtorch's native files and the versions
/// the system's libraries (libstdc++.so.6, libc.so.6, ...) define, and names the first non-weak need nobody provides.
/// </summary>
internal static class LibTorchLoadCheck
{
    /// <summary>The native files TorchSharp loads, in load order's reverse (the wrapper first: it is what the build patches).</summary>
    internal static readonly string[] NativeFiles = ["libLibTorchSharp.so", "libtorch.so", "libtorch_cpu.so", "libc10.so"];

    private static readonly string[] SystemLibraryDirs =
        ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"];

    /// <summary>One-line diagnosis for this process, or null when every version need is met (the failure is something else).</summary>
    public static string? Diagnose()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var probeDirs = NativeProbeDirectories();
        var libraryDirs = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(probeDirs).Concat(SystemLibraryDirs).ToList();
        foreach (var name in NativeFiles)
        {
            var file = probeDirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            if (file is null) continue;
            var problem = Diagnose(file, needed => libraryDirs.Select(d => Path.Combine(d, needed)).FirstOrDefault(File.Exists));
            if (problem is not null) return problem;
        }
        return null;
    }

    /// <summary>
    /// The first version need of <paramref name="file"/> that is not weak and that the library it names does not define
    /// (found through <paramref name="findLibrary"/>), as one line with the fix; null when all are met or unreadable.
    /// </summary>
    public static string? Diagnose(string file, Func<string, string?> findLibrary)
    {
        List<ElfVersionNeed> needs;
        try { needs = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(file)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { return null; }
        foreach (var group in needs.Where(n => !n.Weak).GroupBy(n => n.File))
        {
            var library = findLibrary(group.Key);
            if (library is null) continue;
            List<string> defined;
            try { defined = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(library)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { continue; }
            if (defined.Count == 0) continue;
            var missing = group.Select(n => n.Version).Where(v => !defined.Contains(v)).OrderBy(v => v, VersionOrder).ToList();
            if (missing.Count == 0) continue;
            var family = Family(missing[^1]);
            var newest = defined.Where(v => Family(v) == family).OrderBy(v => v, VersionOrder).LastOrDefault();
            return $"libtorch cannot load: {file} needs {string.Join(", ", missing)} from {group.Key}, but {library} " +
                   (newest is null ? $"defines no {family} version" : $"stops at {newest}") + ". " + Fix(file, missing);
        }
        return null;
    }

    private static string Fix(string file, List<string> missing) =>
        Path.GetFileName(file) == "libLibTorchSharp.so" && missing.All(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal))
            ? "Fix: rebuild or republish the app with the MedMLNet.Llama package referenced (its build marks " +
              "MedMLNetWeakVersionNeeds, default GLIBCXX_3.4.32, weak in the copied file; add the missing ones to that property), " +
              "or install a libstdc++ that provides them (GCC 13 or later)."
            : $"Fix: install a system library that provides {string.Join(", ", missing)} (a newer distribution or toolchain), " +
              "or use a libtorch build made for this system.";

    private static string Family(string version) => version.LastIndexOf('_') is var i and > 0 ? version[..i] : version;

    private static readonly Comparer<string> VersionOrder = Comparer<string>.Create(ElfSymbolVersions.CompareVersionNames);

    /// <summary>The folders the .NET host searches for native libraries (the app folder and each package's runtimes/ folder).</summary>
    private static List<string> NativeProbeDirectories()
    {
        var dirs = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        var app = AppContext.BaseDirectory;
        dirs.Add(app);
        dirs.Add(Path.Combine(app, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
        dirs.Add(Path.Combine(app, "runtimes", "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), "native"));
        return dirs.Distinct().ToList();
    }
}
