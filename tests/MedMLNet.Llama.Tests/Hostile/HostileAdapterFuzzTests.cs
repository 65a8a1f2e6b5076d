using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Tests.Model;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// Bounded, seeded fuzzing of <see cref="PeftAdapter.Apply"/> end to end (config, weights, shapes, attaching to the
/// model), seeded with the real PEFT LoRA and prefix adapters: a mutated file either applies or throws the documented
/// <see cref="CheckpointException"/> / <see cref="InvalidDataException"/> naming a file of the folder, and a rejected
/// adapter leaves no LoRA attached — never another exception type, a native crash or a huge allocation.
/// </summary>
public class HostileAdapterFuzzTests
{
    private static Property Fuzz(string fixture, string fileName, Func<byte[], int> maxPosition)
    {
        var seed = File.ReadAllBytes(Path.Combine(LlamaFixtures.Dir(fixture), fileName));
        return Prop.ForAll(ByteMutation.Arbitrary(maxPosition(seed)), mutations =>
        {
            using var dir = AdapterFolders.Copy(fixture);
            File.WriteAllBytes(Path.Combine(dir.Path, fileName), ByteMutation.Apply(seed, mutations));
            try { AdapterFolders.Apply(dir.Path); return true; }
            catch (Exception e) when (e is CheckpointException or InvalidDataException)
            {
                return e.Message.Contains(dir.Path, StringComparison.Ordinal) && AdapterFolders.AttachedCount() == 0;
            }
        });
    }

    private static int Whole(byte[] seed) => seed.Length;

    private static int Header(byte[] seed) => 8 + (int)BitConverter.ToUInt64(seed, 0);

    [Property(MaxTest = 200)]
    public Property LoraConfig() => Fuzz("lora-adapter", PeftAdapterConfig.FileName, Whole);

    [Property(MaxTest = 200)]
    public Property LoraWeightsHeader() => Fuzz("lora-adapter", PeftAdapterConfig.WeightsFile, Header);

    [Property(MaxTest = 100)]
    public Property LoraWeightsAnywhere() => Fuzz("lora-adapter", PeftAdapterConfig.WeightsFile, Whole);

    [Property(MaxTest = 150)]
    public Property PrefixConfig() => Fuzz("prefix-adapter", PeftAdapterConfig.FileName, Whole);

    [Property(MaxTest = 150)]
    public Property PrefixWeights() => Fuzz("prefix-adapter", PeftAdapterConfig.WeightsFile, Whole);
}
