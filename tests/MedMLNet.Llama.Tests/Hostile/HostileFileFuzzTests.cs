using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// Bounded property-based fuzzing of the checkpoint readers, seeded with the real fixture files: whatever the mutation,
/// a reader either succeeds or throws one of its documented exceptions (<see cref="CheckpointException"/> /
/// <see cref="InvalidDataException"/>) — never a crash, an unrelated exception or a huge allocation.
/// </summary>
public class HostileFileFuzzTests
{
    private static bool IsDocumented(Exception e) => e is CheckpointException or InvalidDataException;

    /// <summary>Runs <paramref name="read"/> on the mutated copy of <paramref name="fileName"/> inside a copy of the fixture folder.</summary>
    private static Property FuzzFile(string fixture, string fileName, int maxPosition, Action<string> read)
    {
        var source = LlamaFixtures.Dir(fixture);
        var seed = File.ReadAllBytes(Path.Combine(source, fileName));
        return Prop.ForAll(ByteMutation.Arbitrary(Math.Min(maxPosition, seed.Length)), mutations =>
        {
            using var dir = RepoPaths.TempDir();
            foreach (var f in Directory.GetFiles(source)) File.Copy(f, Path.Combine(dir.Path, Path.GetFileName(f)));
            File.WriteAllBytes(Path.Combine(dir.Path, fileName), ByteMutation.Apply(seed, mutations));
            try { read(dir.Path); return true; }
            catch (Exception e) when (IsDocumented(e)) { return true; }
        });
    }

    private static int HeaderEnd(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return 8 + (int)BitConverter.ToUInt64(bytes, 0);
    }

    [Property(MaxTest = 300)]
    public Property ConfigJson() => FuzzFile("llama31-fp32", "config.json", int.MaxValue, d => LlamaConfig.Load(Path.Combine(d, "config.json")));

    [Property(MaxTest = 300)]
    public Property GenerationConfigJson() => FuzzFile("llama31-fp32", "generation_config.json", int.MaxValue, d =>
        GenerationConfig.Load(Path.Combine(d, "generation_config.json"), LlamaConfig.Load(Path.Combine(d, "config.json"))));

    [Property(MaxTest = 200)]
    public Property ShardIndex() => FuzzFile("llama32-tied-bf16", LlamaCheckpoint.IndexFile, int.MaxValue, d => LlamaCheckpoint.Open(d).Dispose());

    [Property(MaxTest = 300)]
    public Property AdapterConfig() => FuzzFile("lora-adapter", PeftAdapterConfig.FileName, int.MaxValue, d =>
    {
        var config = PeftAdapterConfig.Read(d);
        if (PeftAdapterConfig.PeftType(config, d) == "LORA") PeftAdapterConfig.ReadLora(config, d);
    });

    [Property(MaxTest = 300)]
    public Property SafeTensorsHeaderAndTensors()
    {
        var path = Path.Combine(LlamaFixtures.Dir("lora-adapter"), "adapter_model.safetensors");
        return FuzzFile("lora-adapter", "adapter_model.safetensors", HeaderEnd(path), d =>
        {
            using var file = SafeTensorsFile.Open(Path.Combine(d, "adapter_model.safetensors"));
            foreach (var name in file.Tensors.Keys) file.Load(name).Dispose();
        });
    }
}
