using System.Security.Cryptography;
using System.Text;
using MedMLNet.IO;
using MedMLNet.State;

namespace MedMLNet.LlamaChat;

/// <summary>
/// A small base checkpoint carried inside a model zip (<see cref="LlamaChatOptions.EmbedBaseModel"/>): its top-level
/// .json and .safetensors files become blobs named <c>base.</c> + file name, and on load they are written once to a
/// content-addressed cache folder (<c>MEDMLNET_CACHE_DIR</c>, else the temp folder), completed by an atomic rename.
/// </summary>
internal static class EmbeddedBaseModel
{
    public const string Prefix = "base.";
    public const string CacheVariable = "MEDMLNET_CACHE_DIR";
    private const long MaxBytes = 2L << 30;

    /// <summary>The checkpoint's files as blobs; throws when they are too big to embed.</summary>
    public static Dictionary<string, byte[]> ToBlobs(string checkpointDirectory)
    {
        var files = Directory.GetFiles(checkpointDirectory)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".safetensors", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var total = files.Sum(f => new FileInfo(f).Length);
        if (total > MaxBytes)
            throw new InvalidOperationException($"The base checkpoint '{checkpointDirectory}' is {total / (1 << 20)} MB; only checkpoints up to {MaxBytes >> 20} MB can be embedded in a model zip. Leave EmbedBaseModel off: the zip then records the checkpoint's path and hashes.");
        var blobs = new Dictionary<string, byte[]>();
        foreach (var f in files)
        {
            var name = Prefix + Path.GetFileName(f);
            if (!TransformerState.IsValidBlobName(name)) throw new InvalidOperationException($"The checkpoint file '{f}' has a name that cannot be embedded (letters, digits, '.', '_' and '-' only).");
            blobs[name] = File.ReadAllBytes(f);
        }
        if (!blobs.ContainsKey(Prefix + "config.json")) throw new FileNotFoundException($"'{checkpointDirectory}' has no config.json; embed a Hugging Face checkpoint folder.");
        return blobs;
    }

    /// <summary>Whether a saved state carries an embedded checkpoint.</summary>
    public static bool IsIn(IReadOnlyDictionary<string, byte[]> blobs) => blobs.ContainsKey(Prefix + "config.json");

    /// <summary>The folder holding the embedded checkpoint's files (written on first use).</summary>
    public static string Materialize(IReadOnlyDictionary<string, byte[]> blobs)
    {
        var files = blobs.Where(b => b.Key.StartsWith(Prefix, StringComparison.Ordinal)).OrderBy(b => b.Key, StringComparer.Ordinal).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            sha.AppendData(SHA256.HashData(bytes));
        }
        var root = Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } c ? c : Path.Combine(Path.GetTempPath(), "medmlnet");
        var target = Path.Combine(root, "embedded-" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16]);
        if (Complete(target, files)) return target;
        Directory.CreateDirectory(root);
        var staging = Directory.CreateDirectory(Path.Combine(root, $".staging-{Guid.NewGuid():N}")).FullName;
        try
        {
            foreach (var (name, bytes) in files) AtomicFile.WriteAllBytes(Path.Combine(staging, name[Prefix.Length..]), bytes);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // an incomplete earlier attempt
            Directory.Move(staging, target);
        }
        catch (IOException) when (Complete(target, files)) { } // another process finished first
        finally { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
        return target;
    }

    private static bool Complete(string dir, KeyValuePair<string, byte[]>[] files) =>
        Directory.Exists(dir) && files.All(f => new FileInfo(Path.Combine(dir, f.Key[Prefix.Length..])) is { Exists: true } fi && fi.Length == f.Value.Length);
}
