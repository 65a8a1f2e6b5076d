using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.TestKit;

/// <summary>PEFT LoRA adapter folders over a <see cref="TinyCheckpoint"/> whose B matrices are random (so they change the output).</summary>
public static class TinyLora
{
    /// <summary>Writes a LoRA adapter (rank 8, all seven projections, B ~ N(0, <paramref name="scale"/>²)) into <paramref name="dir"/>; returns it.</summary>
    public static string Make(string baseDir, string dir, long seed, double scale = 0.5)
    {
        using var model = LlamaForCausalLM.FromPretrained(baseDir);
        var options = new LoraOptions { Seed = seed }.Validate();
        LoraWeights.Attach(model, options);
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        using (no_grad())
            foreach (var p in model.Projections())
                p.Lora!.lora_B.copy_(randn(p.Lora.lora_B.shape, generator: generator) * scale);
        LoraWeights.Save(model, options, dir, Path.GetFullPath(baseDir));
        return dir;
    }
}
