namespace MedMLNet.LlamaChat;

/// <summary>
/// The PEFT adapter files a <see cref="LlamaChatTransformer"/> carries, as blobs of its saved state: the default adapter
/// under PEFT's own file names (<c>adapter_config.json</c>, <c>adapter_model.safetensors</c>) and each named LoRA adapter
/// i (names kept in <see cref="LlamaChatOptions.NamedAdapters"/>, any Unicode) under <c>named{i}.</c> + those names.
/// </summary>
internal sealed record AdapterBlobs(IReadOnlyDictionary<string, byte[]> Default, IReadOnlyList<(string Name, IReadOnlyDictionary<string, byte[]> Files)> Named)
{
    public static readonly string[] FileNames = ["adapter_config.json", "adapter_model.safetensors"];

    public static AdapterBlobs None { get; } = new(new Dictionary<string, byte[]>(), []);

    /// <summary>Reads the adapter files of a PEFT folder (both must exist).</summary>
    public static Dictionary<string, byte[]> ReadFolder(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"PEFT adapter folder '{directory}' not found; pass the folder holding adapter_config.json and adapter_model.safetensors.");
        var files = new Dictionary<string, byte[]>();
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            files[name] = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"PEFT adapter file '{path}' not found; an adapter folder holds adapter_config.json and adapter_model.safetensors.", path);
        }
        return files;
    }

    /// <summary>The adapters in a saved state's blobs.</summary>
    public static AdapterBlobs FromState(IReadOnlyDictionary<string, byte[]> blobs, IReadOnlyList<string> names) => new(
        Pick(blobs, ""),
        [.. names.Select((name, i) => (name, (IReadOnlyDictionary<string, byte[]>)Pick(blobs, $"named{i}.")))]);

    /// <summary>The blobs to save.</summary>
    public Dictionary<string, byte[]> ToState()
    {
        var blobs = new Dictionary<string, byte[]>(Default);
        for (var i = 0; i < Named.Count; i++)
            foreach (var (file, bytes) in Named[i].Files) blobs[$"named{i}.{file}"] = bytes;
        return blobs;
    }

    private static Dictionary<string, byte[]> Pick(IReadOnlyDictionary<string, byte[]> blobs, string prefix) =>
        FileNames.Where(f => blobs.ContainsKey(prefix + f)).ToDictionary(f => f, f => blobs[prefix + f]);
}
