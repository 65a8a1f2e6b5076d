namespace MedMLNet.Cli.Bench;

/// <summary>A fresh temporary folder, deleted with its contents on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("medmlnet-bench-").FullName;
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
