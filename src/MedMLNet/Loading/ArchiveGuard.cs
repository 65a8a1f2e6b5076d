using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace MedMLNet.Loading;

/// <summary>
/// Rejects model zips with entries that could escape a folder when extracted (zip-slip): absolute
/// paths, drive letters, <c>..</c> segments, NUL characters. MedMLNet's loaders call it on the
/// repository they read from before trusting any entry; each archive is checked once.
/// </summary>
internal static class ArchiveGuard
{
    private static readonly ConditionalWeakTable<object, object> checkedArchives = new();

    /// <summary>Checks every entry of the repository a model is being loaded from.</summary>
    public static void Check(ModelLoadContext ctx)
    {
        if (!ctx.InRepository) return;
        var archive = ctx.Repository._archive; // private in ML.NET; reachable through the publicized reference
        if (checkedArchives.TryGetValue(archive, out _)) return;
        Check(archive.Entries.Select(e => e.FullName));
        checkedArchives.AddOrUpdate(archive, archive);
    }

    /// <summary>Checks a zip file on disk.</summary>
    public static void Check(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        Check(archive.Entries.Select(e => e.FullName));
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first unsafe entry.</summary>
    public static void Check(IEnumerable<string> entryNames)
    {
        foreach (var name in entryNames)
            if (!IsSafe(name))
                throw new InvalidDataException($"Model archive rejected: entry '{name}' has an unsafe path (absolute, drive-qualified, or containing '..'). The file is corrupt or was crafted.");
    }

    /// <summary>Whether an entry name stays inside the folder it is extracted to.</summary>
    public static bool IsSafe(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0')) return false;
        var n = name.Replace('\\', '/');
        if (n.StartsWith('/') || (n.Length >= 2 && n[1] == ':')) return false;
        return !n.Split('/').Any(segment => segment == "..");
    }
}
