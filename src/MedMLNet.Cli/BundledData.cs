namespace MedMLNet.Cli;

/// <summary>
/// The default model and demo datasets that ship with the tool (data/ beside medmlnet.dll in the installed tool, the
/// repository's data/ in a clone). A relative path under data/ that does not exist in the current folder is looked up
/// there, so `medmlnet demo` and `--model data/models/tiny-med-llama3` work from any folder once the tool is installed.
/// </summary>
internal static class BundledData
{
    public const string Folder = "data";
    public const string DefaultModel = "data/models/tiny-med-llama3";

    /// <summary>The bundled data folder beside the tool, or null when this build carries none (a build in a clone).</summary>
    public static string? Root =>
        Path.Combine(AppContext.BaseDirectory, Folder) is var dir && Directory.Exists(dir) ? dir : null;

    /// <summary><paramref name="path"/> itself when it exists or is not a data/ path; otherwise the bundled copy when there is one.</summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path)) return path;
        var normalized = path.Replace('\\', '/');
        if (normalized != Folder && !normalized.StartsWith(Folder + "/", StringComparison.Ordinal)) return path;
        var bundled = Path.Combine(AppContext.BaseDirectory, normalized);
        return File.Exists(bundled) || Directory.Exists(bundled) ? bundled : path;
    }

    /// <summary>Copies the bundled data folder into <paramref name="output"/> (files already there are kept) and returns how many files were written.</summary>
    public static int CopyTo(string output)
    {
        var root = Root ?? throw new CliUserException("this medmlnet build carries no bundled data (a build inside a clone: the data is in the repository's data/ folder).");
        var written = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(output, Path.GetRelativePath(root, file));
            if (File.Exists(target)) continue;
            IO.AtomicFile.Write(target, s => { using var source = File.OpenRead(file); source.CopyTo(s); });
            written++;
        }
        return written;
    }
}
