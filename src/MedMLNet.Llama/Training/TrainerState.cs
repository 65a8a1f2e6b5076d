using System.Text.Json;
using MedMLNet.IO;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Training;

/// <summary>
/// A resumable checkpoint: trainer_state.json (step, best validation), trainable.safetensors (the tensors AdamW
/// updates by name: the fp32 masters of bf16 weights when master weights are on) and optimizer.bin (AdamW moments). Each file is written atomically; trainer_state.json goes last, so a
/// kill mid-save leaves the previous complete checkpoint in force.
/// </summary>
public sealed record TrainerState(int Step, double? BestValidationLoss, int? BestStep, int EvaluationsSinceBest)
{
    public const string StateFile = "trainer_state.json", WeightsFile = "trainable.safetensors", OptimizerFile = "optimizer.bin";

    public void Save(string dir, FineTuner tuner)
    {
        Directory.CreateDirectory(dir);
        var suffix = $".step{Step}";
        SafeTensorsWriter.Save(Path.Combine(dir, WeightsFile + suffix), tuner.Optimized.ToDictionary(t => t.Name, t => t.Parameter.detach()));
        var optimizerTmp = Path.Combine(dir, OptimizerFile + suffix);
        AtomicFile.Write(optimizerTmp, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); tuner.Optimizer.save_state_dict(w); });
        var json = JsonSerializer.Serialize(new { step = Step, best_validation_loss = BestValidationLoss, best_step = BestStep, evaluations_since_best = EvaluationsSinceBest, weights = WeightsFile + suffix, optimizer = OptimizerFile + suffix });
        AtomicFile.WriteAllText(Path.Combine(dir, StateFile), json);
        foreach (var old in Directory.GetFiles(dir, "*.step*").Where(f => !f.EndsWith(suffix, StringComparison.Ordinal))) File.Delete(old);
    }

    public static TrainerState? TryLoad(string dir, FineTuner tuner)
    {
        var path = Path.Combine(dir, StateFile);
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        using (var file = SafeTensorsFile.Open(Path.Combine(dir, r.GetProperty("weights").GetString()!)))
        using (no_grad())
            foreach (var (name, p) in tuner.Optimized)
            {
                if (!file.Tensors.ContainsKey(name)) throw new InvalidDataException($"{file.Path}: checkpoint lacks '{name}'; it was made by a different training setup — delete {dir} or drop --resume.");
                using var t = file.Load(name);
                p.copy_(t);
            }
        tuner.PublishMasterWeights();
        using (var s = new BinaryReader(File.OpenRead(Path.Combine(dir, r.GetProperty("optimizer").GetString()!)))) tuner.Optimizer.load_state_dict(s);
        return new TrainerState(r.GetProperty("step").GetInt32(),
            r.GetProperty("best_validation_loss").ValueKind == JsonValueKind.Number ? r.GetProperty("best_validation_loss").GetDouble() : null,
            r.GetProperty("best_step").ValueKind == JsonValueKind.Number ? r.GetProperty("best_step").GetInt32() : null,
            r.GetProperty("evaluations_since_best").GetInt32());
    }
}
