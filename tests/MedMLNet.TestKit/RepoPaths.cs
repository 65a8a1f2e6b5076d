namespace MedMLNet.TestKit;

/// <summary>Where the repository, ../shared and the test-asset cache are, found from the test binary upwards.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> root = new(FindRoot);

    /// <summary>The repository root (the folder holding MedMLNet.sln).</summary>
    public static string Root => root.Value;

    /// <summary>../shared beside the checkout (override with MEDMLNET_SHARED).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("MEDMLNET_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixtures => Path.Combine(Shared, "fixtures");
    public static string Datasets => Path.Combine(Shared, "datasets");

    /// <summary>Git-ignored cache for assets the tests fetch themselves (npm packages).</summary>
    public static string Cache => Path.Combine(Root, ".cache");

    /// <summary>A fixture path that must exist; fails with a message naming the missing file.</summary>
    public static string Fixture(params string[] parts)
    {
        var path = Path.Combine([Fixtures, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Test fixture '{path}' is missing: the tests expect ../shared beside the checkout (or MEDMLNET_SHARED).", path);
        return path;
    }

    /// <summary>A fresh temporary folder, deleted by the returned handle.</summary>
    public static TempDir TempDir(string prefix = "medmlnet-test") => new(prefix);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MedMLNet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"MedMLNet.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
