namespace MedMLNet.BaseModel;

/// <summary>
/// The default <see cref="IBaseModelLocator"/>. Candidates, in order: the explicit directory given to the
/// constructor (or to <see cref="UseDirectory"/> around a load), then <c>MEDMLNET_BASE_MODEL_DIR</c>, then
/// the path recorded at save time. Each of the first two may be the checkpoint folder itself or a folder
/// that contains it under its recorded name. The first candidate holding a <c>config.json</c> decides:
/// it must match every recorded hash, or loading fails naming the file that differs.
/// </summary>
public sealed class BaseModelLocator : IBaseModelLocator
{
    /// <summary>Environment variable naming a moved base checkpoint (or a folder of checkpoints).</summary>
    public const string EnvironmentVariable = "MEDMLNET_BASE_MODEL_DIR";

    private static readonly AsyncLocal<IBaseModelLocator?> scoped = new();
    private readonly string? directory;

    /// <summary>Creates a locator; <paramref name="directory"/> overrides the environment variable and the recorded path.</summary>
    public BaseModelLocator(string? directory = null) => this.directory = directory;

    /// <summary>The locator model loaders use: the innermost <see cref="Use"/> scope on this async flow, else the default.</summary>
    public static IBaseModelLocator Current => scoped.Value ?? new BaseModelLocator();

    /// <summary>Makes <paramref name="locator"/> current for this async flow until the result is disposed.</summary>
    public static IDisposable Use(IBaseModelLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        var previous = scoped.Value;
        scoped.Value = locator;
        return new Restore(() => scoped.Value = previous);
    }

    /// <summary>Looks for base checkpoints in <paramref name="directory"/> first, until the result is disposed.</summary>
    public static IDisposable UseDirectory(string directory) => Use(new BaseModelLocator(directory));

    /// <inheritdoc />
    public string Locate(BaseModelReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var tried = new List<string>();
        foreach (var (candidate, source) in Candidates(reference))
        {
            tried.Add($"{candidate} ({source})");
            if (!File.Exists(Path.Combine(candidate, "config.json"))) continue;
            var mismatch = reference.Mismatch(candidate);
            if (mismatch == null) return candidate;
            throw new BaseModelNotFoundException(
                $"The base checkpoint at '{candidate}' ({source}) is not the one this model was trained on: {mismatch}. " +
                $"Point {EnvironmentVariable} (or the load option) at the original checkpoint '{reference.FolderName}'.");
        }
        throw new BaseModelNotFoundException(
            $"The base checkpoint '{reference.FolderName}' this model needs was not found. Tried: {string.Join("; ", tried)}. " +
            $"If it moved, set {EnvironmentVariable} to its folder (or to the folder containing it), or pass it as a load option.");
    }

    private IEnumerable<(string Path, string Source)> Candidates(BaseModelReference reference)
    {
        foreach (var (dir, source) in new[] { (directory, "load option"), (Environment.GetEnvironmentVariable(EnvironmentVariable), EnvironmentVariable) })
        {
            if (string.IsNullOrWhiteSpace(dir)) continue;
            var full = Path.GetFullPath(dir);
            yield return (full, source);
            yield return (Path.Combine(full, reference.FolderName), source);
        }
        yield return (reference.RecordedPath, "path recorded in the model");
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        private Action? pending = restore;

        public void Dispose() => Interlocked.Exchange(ref pending, null)?.Invoke();
    }
}
