using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Adapters;

/// <summary>
/// LoRA on a <see cref="LlamaForCausalLM"/>: attach fresh adapters, load and save PEFT adapter folders
/// (keys base_model.model.{module}.lora_A.weight [r, in] / lora_B.weight [out, r], F32), merge and unmerge.
/// </summary>
public static class LoraWeights
{
    public static string KeyA(Projection p) => LlamaKeys.LoraA(p.ModulePath);
    public static string KeyB(Projection p) => LlamaKeys.LoraB(p.ModulePath);

    /// <summary>Attaches fresh adapters (A kaiming-uniform, B zero) to every targeted projection.</summary>
    public static void Attach(LlamaForCausalLM model, LoraOptions options)
    {
        options.Validate();
        using var g = new Generator((ulong)options.Seed);
        foreach (var p in model.Projections().Where(p => options.Targets(p.ModulePath)))
            p.AttachLora(LoraAdapter.Create(p.InFeatures, p.OutFeatures, options.Rank, options.Scaling, options.Dropout, g));
    }

    /// <summary>Loads a PEFT LoRA adapter folder onto the model; returns its options.</summary>
    public static LoraOptions Load(LlamaForCausalLM model, string dir)
    {
        var config = PeftAdapterConfig.Read(dir);
        var type = PeftAdapterConfig.PeftType(config, dir);
        if (type != "LORA") throw new CheckpointException(Path.Combine(dir, PeftAdapterConfig.FileName), "peft_type", $"'{type}' where LORA was expected");
        var options = PeftAdapterConfig.ReadLora(config, dir);
        var path = Path.Combine(dir, PeftAdapterConfig.WeightsFile);
        if (!File.Exists(path)) throw new CheckpointException(path, null, "not found", "the adapter folder needs adapter_model.safetensors (adapter_model.bin is not supported)");
        using var file = SafeTensorsFile.Open(path);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var loaded = new List<(Projection P, Tensor A, Tensor B)>();
        try
        {
            foreach (var p in model.Projections().Where(p => options.Targets(p.ModulePath)))
            {
                string ka = KeyA(p), kb = KeyB(p);
                if (!file.Tensors.ContainsKey(ka) || !file.Tensors.ContainsKey(kb))
                    throw new CheckpointException(path, file.Tensors.ContainsKey(ka) ? kb : ka, "missing", "the adapter does not match its adapter_config.json target_modules");
                var a = AdapterTensors.Load(file, ka, 2);
                Tensor b;
                try { b = AdapterTensors.Load(file, kb, 2); }
                catch { a.Dispose(); throw; }
                loaded.Add((p, a, b));
                if (a.shape[0] != options.Rank || a.shape[1] != p.InFeatures || b.shape[0] != p.OutFeatures || b.shape[1] != options.Rank)
                    throw new CheckpointException(path, ka, $"A [{string.Join(",", a.shape)}], B [{string.Join(",", b.shape)}] do not fit r={options.Rank} on {p.ModulePath} [{p.OutFeatures},{p.InFeatures}]",
                        "the adapter was trained on a different base model");
                used.Add(ka); used.Add(kb);
            }
            AdapterTensors.RejectExtra(file, used);
            // Every tensor checked: only now is the model changed, so a rejected adapter leaves it as it was.
            foreach (var (p, a, b) in loaded) p.AttachLora(new LoraAdapter(a, b, options.Scaling, options.Dropout));
        }
        finally
        {
            foreach (var (_, a, b) in loaded) { a.Dispose(); b.Dispose(); }
        }
        return options;
    }

    /// <summary>Writes the attached adapters as a PEFT folder (adapter_config.json + adapter_model.safetensors).</summary>
    public static void Save(LlamaForCausalLM model, LoraOptions options, string dir, string baseModel)
    {
        Directory.CreateDirectory(dir);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in model.Projections().Where(p => p.Lora != null))
        {
            tensors[KeyA(p)] = p.Lora!.lora_A.detach();
            tensors[KeyB(p)] = p.Lora.lora_B.detach();
        }
        if (tensors.Count == 0) throw new InvalidOperationException("no LoRA adapters are attached to save.");
        SafeTensorsWriter.Save(Path.Combine(dir, PeftAdapterConfig.WeightsFile), tensors);
        PeftAdapterConfig.WriteLora(dir, options, baseModel);
    }

    /// <summary>W += B·A·scaling (in fp32, cast back) for every adapter, which is then detached.</summary>
    public static void Merge(LlamaForCausalLM model) => Fold(model, +1, detach: true);

    /// <summary>Folds the adapters into the weights but keeps them attached and disabled, so <see cref="Unmerge"/> can undo it.</summary>
    public static void MergeReversibly(LlamaForCausalLM model) => Fold(model, +1, detach: false);

    /// <summary>W -= B·A·scaling and re-enables the adapters (inverse of <see cref="MergeReversibly"/>).</summary>
    public static void Unmerge(LlamaForCausalLM model) => Fold(model, -1, detach: false);

    private static void Fold(LlamaForCausalLM model, int sign, bool detach)
    {
        using var noGrad = no_grad();
        foreach (var p in model.Projections().Where(p => p.Lora != null))
        {
            using var scope = NewDisposeScope();
            var merged = p.weight.to(ScalarType.Float32) + sign * p.Lora!.DeltaWeight();
            p.weight.copy_(merged.to(p.weight.dtype));
            if (detach) p.DetachLora()!.Dispose();
            else p.AdapterEnabled = sign < 0;
        }
    }
}
