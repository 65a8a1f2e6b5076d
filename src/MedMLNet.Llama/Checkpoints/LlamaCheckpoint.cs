using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// A Hugging Face checkpoint folder: config.json, generation_config.json, and model.safetensors or shards
/// listed in model.safetensors.index.json. Opens every file's header up front (so a bad file fails before
/// any weight is read) and serves tensors as memory-mapped views.
/// </summary>
public sealed class LlamaCheckpoint : IDisposable
{
    public const string ConfigFile = "config.json", GenerationConfigFile = "generation_config.json",
        SingleFile = "model.safetensors", IndexFile = "model.safetensors.index.json";

    private readonly Dictionary<string, SafeTensorsFile> files;
    private readonly Dictionary<string, string> weightMap;

    private LlamaCheckpoint(string dir, LlamaConfig config, GenerationConfig generation, Dictionary<string, SafeTensorsFile> files, Dictionary<string, string> weightMap)
    {
        Directory = dir; Config = config; Generation = generation; this.files = files; this.weightMap = weightMap;
    }

    public string Directory { get; }
    public LlamaConfig Config { get; }
    public GenerationConfig Generation { get; }
    public IEnumerable<string> Keys => weightMap.Keys;

    public static LlamaCheckpoint Open(string dir)
    {
        if (!System.IO.Directory.Exists(dir))
            throw new DirectoryNotFoundException($"checkpoint folder '{dir}' not found: point --model at a Hugging Face Llama folder.");
        var config = LlamaConfig.Load(Path.Combine(dir, ConfigFile));
        var generation = GenerationConfig.Load(Path.Combine(dir, GenerationConfigFile), config);
        var shardNames = ShardNames(dir, out var indexMap);
        var files = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var shard in shardNames)
            {
                var file = SafeTensorsFile.Open(Path.Combine(dir, shard));
                files[shard] = file;
                foreach (var key in file.Tensors.Keys)
                {
                    if (map.TryGetValue(key, out var other))
                        throw new CheckpointException(file.Path, key, $"tensor also stored in {other}", "remove the duplicate shard");
                    map[key] = shard;
                }
            }
            if (indexMap != null) CheckIndex(dir, indexMap, map);
        }
        catch
        {
            foreach (var f in files.Values) f.Dispose();
            throw;
        }
        return new LlamaCheckpoint(dir, config, generation, files, map);
    }

    /// <summary>The file that holds <paramref name="key"/>, or null.</summary>
    public string? FileOf(string key) => weightMap.TryGetValue(key, out var shard) ? files[shard].Path : null;

    public SafeTensorInfo InfoOf(string key) => files[weightMap[key]].Tensors[key];

    /// <summary>The stored tensor (memory-mapped view, file dtype). The caller owns it.</summary>
    public Tensor Load(string key) => files[weightMap[key]].Load(key);

    private static List<string> ShardNames(string dir, out Dictionary<string, string>? indexMap)
    {
        indexMap = null;
        var indexPath = Path.Combine(dir, IndexFile);
        if (File.Exists(indexPath))
        {
            indexMap = ReadIndex(indexPath);
            var shards = indexMap.Values.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            foreach (var s in shards)
            {
                if (s.Contains("..") || Path.IsPathRooted(s) || s.Contains('/') || s.Contains('\\'))
                    throw new CheckpointException(indexPath, s, "shard names must be plain file names in the checkpoint folder");
                if (!File.Exists(Path.Combine(dir, s)))
                    throw new CheckpointException(indexPath, s, "shard listed in the index is missing", "download every model-*.safetensors file");
            }
            return shards;
        }
        if (File.Exists(Path.Combine(dir, SingleFile))) return [SingleFile];
        throw new CheckpointException(dir, null, $"no {SingleFile} or {IndexFile}",
            "a Hugging Face checkpoint folder holds its weights as safetensors (convert .bin/.pth checkpoints first)");
    }

    private static Dictionary<string, string> ReadIndex(string path)
    {
        var root = JsonConfigFile.Read(path, "re-download model.safetensors.index.json");
        if (root["weight_map"] is not JsonObject wm) throw new CheckpointException(path, "weight_map", "missing or not an object");
        return wm.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue(out string? s) ? s
            : throw new CheckpointException(path, kv.Key, "weight_map values must be file names"), StringComparer.Ordinal);
    }

    private static void CheckIndex(string dir, Dictionary<string, string> index, Dictionary<string, string> actual)
    {
        var indexPath = Path.Combine(dir, IndexFile);
        foreach (var (key, shard) in index)
            if (!actual.TryGetValue(key, out var real) || real != shard)
                throw new CheckpointException(indexPath, key, real is null ? $"listed in {shard} but not found in any shard" : $"listed in {shard} but stored in {real}");
        foreach (var key in actual.Keys.Where(k => !index.ContainsKey(k)))
            throw new CheckpointException(Path.Combine(dir, actual[key]), key, "stored in a shard but not listed in the index");
    }

    public void Dispose()
    {
        foreach (var f in files.Values) f.Dispose();
        files.Clear();
    }
}
