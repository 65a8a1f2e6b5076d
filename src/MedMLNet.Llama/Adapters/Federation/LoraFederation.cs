using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Adapters.Federation;

/// <summary>
/// Federated averaging (FedAvg) of PEFT LoRA adapters trained at sites that cannot pool their data. The adapters must
/// agree on rank, alpha, rsLoRA, target modules, base model and tensor keys/shapes; the result is a PEFT adapter folder
/// with the same config.
/// </summary>
public static class LoraFederation
{
    /// <summary>Averages <paramref name="adapterDirs"/> (weights default to equal) into <paramref name="outputDir"/>.</summary>
    public static void Average(IReadOnlyList<string> adapterDirs, IReadOnlyList<double>? weights, FederationMode mode, string outputDir, CancellationToken ct = default)
    {
        if (adapterDirs.Count < 2) throw new ArgumentException("federation needs at least two adapters (--adapters A B ...).");
        var w = NormalisedWeights(weights, adapterDirs.Count);
        var (options, baseModel) = AgreedConfig(adapterDirs);
        var files = new List<SafeTensorsFile>();
        try
        {
            foreach (var d in adapterDirs) files.Add(SafeTensorsFile.Open(Path.Combine(d, PeftAdapterConfig.WeightsFile)));
            CheckSameTensors(adapterDirs, files);
            using var scope = NewDisposeScope();
            var averaged = mode == FederationMode.Separate ? AverageFactors(files, w, ct) : AverageUpdates(files, w, options, ct);
            Directory.CreateDirectory(outputDir);
            SafeTensorsWriter.Save(Path.Combine(outputDir, PeftAdapterConfig.WeightsFile), averaged);
            PeftAdapterConfig.WriteLora(outputDir, options, baseModel);
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }

    private static double[] NormalisedWeights(IReadOnlyList<double>? weights, int count)
    {
        if (weights is null) return Enumerable.Repeat(1.0 / count, count).ToArray();
        if (weights.Count != count) throw new ArgumentException($"{weights.Count} weights for {count} adapters; give one weight (e.g. the site's sample count) per adapter.");
        if (weights.Any(x => !double.IsFinite(x) || x <= 0)) throw new ArgumentException("weights must be positive finite numbers (e.g. each site's sample count).");
        var sum = weights.Sum();
        return weights.Select(x => x / sum).ToArray();
    }

    private static (LoraOptions Options, string BaseModel) AgreedConfig(IReadOnlyList<string> dirs)
    {
        LoraOptions? first = null; string? firstBase = null;
        foreach (var dir in dirs)
        {
            var config = PeftAdapterConfig.Read(dir);
            var path = Path.Combine(dir, PeftAdapterConfig.FileName);
            if (PeftAdapterConfig.PeftType(config, dir) != "LORA") throw new CheckpointException(path, "peft_type", "only LORA adapters can be federated");
            var o = PeftAdapterConfig.ReadLora(config, dir);
            var baseModel = config["base_model_name_or_path"]?.ToString() ?? "";
            if (first is null) { (first, firstBase) = (o, baseModel); continue; }
            void Same(bool ok, string key, object a, object b)
            {
                if (!ok) throw new CheckpointException(path, key, $"{b} differs from {a} in {dirs[0]}", "federate only adapters trained with the same config on the same base model");
            }
            Same(o.Rank == first.Rank, "r", first.Rank, o.Rank);
            Same(o.Alpha == first.Alpha, "lora_alpha", first.Alpha, o.Alpha);
            Same(o.UseRsLora == first.UseRsLora, "use_rslora", first.UseRsLora, o.UseRsLora);
            Same(o.TargetModules.Order().SequenceEqual(first.TargetModules.Order()), "target_modules", string.Join(",", first.TargetModules), string.Join(",", o.TargetModules));
            Same(baseModel == firstBase, "base_model_name_or_path", firstBase!, baseModel);
        }
        return (first!, firstBase!);
    }

    private static void CheckSameTensors(IReadOnlyList<string> dirs, List<SafeTensorsFile> files)
    {
        var reference = files[0].Tensors;
        for (var k = 1; k < files.Count; k++)
        {
            var t = files[k].Tensors;
            foreach (var (key, info) in reference)
                if (!t.TryGetValue(key, out var other) || !other.Shape.SequenceEqual(info.Shape))
                    throw new CheckpointException(files[k].Path, key, other is null ? $"missing (present in {dirs[0]})" : $"shape [{string.Join(",", other.Shape)}] differs from [{string.Join(",", info.Shape)}]",
                        "federate only adapters trained with the same config on the same base model");
            foreach (var key in t.Keys.Where(key => !reference.ContainsKey(key)))
                throw new CheckpointException(files[k].Path, key, $"not present in {dirs[0]}", "federate only adapters with the same target modules");
        }
    }

    /// <summary>Σ_k w_k·T_k for every tensor key, computed in float64 and stored as float32.</summary>
    private static Dictionary<string, Tensor> AverageFactors(List<SafeTensorsFile> files, double[] w, CancellationToken ct)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var key in files[0].Tensors.Keys)
        {
            ct.ThrowIfCancellationRequested();
            result[key] = WeightedSum(files, w, key).to(ScalarType.Float32);
        }
        return result;
    }

    private static Tensor WeightedSum(List<SafeTensorsFile> files, double[] w, string key)
    {
        Tensor? sum = null;
        for (var k = 0; k < files.Count; k++)
        {
            using var t = files[k].Load(key);
            var term = t.to(ScalarType.Float64).mul(w[k]);
            sum = sum is null ? term : sum.add(term);
        }
        return sum!;
    }

    /// <summary>ΔW = Σ_k w_k·B_k·A_k·scaling per module, truncated SVD to rank r, factors split evenly (see <see cref="FederationMode.Svd"/>).</summary>
    private static Dictionary<string, Tensor> AverageUpdates(List<SafeTensorsFile> files, double[] w, LoraOptions options, CancellationToken ct)
    {
        const string aSuffix = ".lora_A.weight", bSuffix = ".lora_B.weight";
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var scaling = options.Scaling;
        foreach (var aKey in files[0].Tensors.Keys.Where(k => k.EndsWith(aSuffix, StringComparison.Ordinal)))
        {
            ct.ThrowIfCancellationRequested();
            var module = aKey[..^aSuffix.Length];
            var bKey = module + bSuffix;
            if (!files[0].Tensors.ContainsKey(bKey)) throw new CheckpointException(files[0].Path, bKey, "missing: every lora_A needs its lora_B");
            Tensor? delta = null; // [out, in]
            for (var k = 0; k < files.Count; k++)
            {
                using var a = files[k].Load(aKey); // [r, in]
                using var b = files[k].Load(bKey); // [out, r]
                var term = b.to(ScalarType.Float64).matmul(a.to(ScalarType.Float64)).mul(w[k] * scaling);
                delta = delta is null ? term : delta.add(term);
            }
            var (u, s, vh) = linalg.svd(delta!, fullMatrices: false); // U [out, m], S [m], Vh [m, in], m = min(out, in)
            var r = (int)Math.Min(options.Rank, s.shape[0]);
            var root = s.narrow(0, 0, r).sqrt().div(Math.Sqrt(scaling)); // [r]
            var newB = u.narrow(1, 0, r).mul(root.unsqueeze(0)); // [out, r]
            var newA = vh.narrow(0, 0, r).mul(root.unsqueeze(1)); // [r, in]
            if (r < options.Rank)
            {
                // Pad with zero rank components so the adapter keeps rank r (PEFT shapes are fixed by the config).
                newB = cat([newB, zeros(newB.shape[0], options.Rank - r, dtype: ScalarType.Float64)], 1);
                newA = cat([newA, zeros(options.Rank - r, newA.shape[1], dtype: ScalarType.Float64)], 0);
            }
            result[aKey] = newA.to(ScalarType.Float32);
            result[bKey] = newB.to(ScalarType.Float32);
        }
        foreach (var key in files[0].Tensors.Keys.Where(k => !result.ContainsKey(k)))
            throw new CheckpointException(files[0].Path, key, "not a lora_A/lora_B weight; svd mode averages LoRA factors only", "use --mode separate");
        return result;
    }
}
