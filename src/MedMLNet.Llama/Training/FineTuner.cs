using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Training;

/// <summary>
/// One optimisation step at a time over a model prepared for a method: LoRA (adapters attached; only A and B
/// train), prefix (only the prefix table trains) or full (every weight trains). Gradients accumulate over
/// micro-batches, each scaled so the step's loss is the mean over all of its counted targets (as transformers
/// does with num_items_in_batch); then the norm is clipped and AdamW steps (no weight decay on norm weights).
/// bf16/fp16 weights train through fp32 <see cref="MasterWeights"/> unless <see cref="TrainingOptions.MasterWeights"/> is off.
/// </summary>
public sealed class FineTuner : IDisposable
{
    private readonly LlamaForCausalLM model;
    private readonly PrefixEncoder? prefix;
    private readonly TrainingOptions options;
    private readonly AdamW optimizer;
    private readonly MasterWeights masters;
    private readonly Generator dropoutRandom = new(0); // LoRA dropout's masks, apart from torch's global RNG

    public FineTuner(LlamaForCausalLM model, TrainingOptions options, PrefixEncoder? prefix = null)
    {
        this.model = model; this.options = options.Validate(); this.prefix = prefix;
        Trainable = SelectTrainable().ToList();
        if (Trainable.Count == 0) throw new InvalidOperationException($"nothing to train for {options.Method}: attach LoRA adapters or a prefix first.");
        foreach (var p in model.parameters()) p.requires_grad = false;
        foreach (var (_, p) in Trainable) p.requires_grad = true;
        masters = new MasterWeights(Trainable, options.MasterWeights);
        var decay = Optimized.Where(t => t.Parameter.ndim >= 2).Select(t => t.Parameter).ToList();
        var noDecay = Optimized.Where(t => t.Parameter.ndim < 2).Select(t => t.Parameter).ToList();
        var groups = new List<AdamW.ParamGroup> { new(decay, new AdamW.Options { weight_decay = options.WeightDecay }) };
        if (noDecay.Count > 0) groups.Add(new AdamW.ParamGroup(noDecay, new AdamW.Options { weight_decay = 0 }));
        foreach (var p in model.Projections()) if (p.Lora is { } lora) lora.DropoutGenerator = dropoutRandom;
        Checkpointing = options.GradientCheckpointing ? new GradientCheckpoint(Trainable.Select(t => t.Parameter).ToList(), dropoutRandom) : null;
        optimizer = optim.AdamW(groups, options.EffectiveLearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
    }

    /// <summary>The trained parameters by name (PEFT key for adapters, HF key for full fine-tuning).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable { get; }
    /// <summary>What AdamW updates, by the same names: fp32 masters of low-precision weights when master weights are on, else <see cref="Trainable"/>.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Optimized => masters.Optimized;
    /// <summary>Whether any trained weight has an fp32 master copy.</summary>
    public bool UsesMasterWeights => masters.Any;
    public AdamW Optimizer => optimizer;
    /// <summary>The layer runner that recomputes activations in backward when gradient checkpointing is on; else null.</summary>
    public GradientCheckpoint? Checkpointing { get; }

    private IEnumerable<(string, Parameter)> SelectTrainable() => options.Method switch
    {
        FineTuneMethod.Lora => model.Projections().Where(p => p.Lora != null)
            .SelectMany(p => new[] { (LoraWeights.KeyA(p), p.Lora!.lora_A), (LoraWeights.KeyB(p), p.Lora.lora_B) }),
        FineTuneMethod.Prefix => prefix is null ? [] : [(PrefixWeights.Key, prefix.Weight)],
        _ => Checkpoints.CheckpointWriter.StateDict(model).Select(kv => (kv.Key, (Parameter)kv.Value)),
    };

    /// <summary>Re-seeds the generator LoRA dropout draws its masks from (the trainer does it every step, from (seed, step)).</summary>
    public void SeedDropout(long seed) => dropoutRandom.manual_seed(seed);

    /// <summary>Forward + backward on one micro-batch; gradients accumulate. Returns this micro-batch's summed loss.</summary>
    /// <param name="stepTargets">Counted targets over every micro-batch of this optimizer step.</param>
    public double Backward(Batch batch, int stepTargets)
    {
        model.train();
        using var scope = NewDisposeScope();
        var sum = LossSum(batch);
        var value = sum.item<float>();
        if (!float.IsFinite(value))
            throw new TrainingDivergedException($"the training loss became {value}; lower --lr, check the data, or train in float32.");
        (sum / Math.Max(1, stepTargets)).backward();
        return value;
    }

    /// <summary>Clips the gradient norm, applies AdamW at <paramref name="learningRate"/> and clears the gradients. Returns the pre-clip norm.</summary>
    public double Step(double learningRate)
    {
        var norm = ClipGradients();
        foreach (var g in optimizer.ParamGroups) g.LearningRate = learningRate;
        optimizer.step();
        optimizer.zero_grad();
        masters.Publish();
        return norm;
    }

    /// <summary>
    /// The first half of <see cref="Step"/>: puts the accumulated gradients on what AdamW updates (fp32 on the masters)
    /// and scales them to at most <see cref="TrainingOptions.MaxGradNorm"/> in total norm. Returns the pre-clip norm.
    /// </summary>
    public double ClipGradients()
    {
        masters.GatherGradients(); // fp32 gradients on the masters: clipping and AdamW work in fp32
        var norm = options.MaxGradNorm > 0 ? nn.utils.clip_grad_norm_(Optimized.Select(t => t.Parameter), options.MaxGradNorm) : GradientNorm();
        if (!double.IsFinite(norm)) // checked before the update, so weights (and any checkpoint saved after this step) stay finite
            throw new TrainingDivergedException($"the gradient norm became {norm}; lower --lr or train in float32.");
        return norm;
    }

    private double GradientNorm()
    {
        using var scope = NewDisposeScope();
        var norms = Optimized.Where(t => t.Parameter.grad is not null).Select(t => t.Parameter.grad!.to(ScalarType.Float32).norm()).ToArray();
        return norms.Length == 0 ? 0 : stack(norms).norm().item<float>();
    }

    /// <summary>Mean loss over the counted targets of <paramref name="batches"/>, without gradients.</summary>
    public double EvaluateLoss(IEnumerable<Batch> batches)
    {
        model.eval();
        using var noGrad = no_grad();
        double sum = 0; long count = 0;
        foreach (var b in batches)
        {
            using var scope = NewDisposeScope();
            sum += LossSum(b).item<float>();
            count += b.TargetCount;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private Tensor LossSum(Batch batch)
    {
        using var scope = NewDisposeScope();
        long b = batch.InputIds.shape[0];
        var past = prefix?.ToCache(b, model.DType);
        var mask = batch.AttentionMask;
        if (mask is not null && prefix is not null)
            mask = cat([ones(b, prefix.NumVirtualTokens, ScalarType.Int64), mask], 1);
        var hidden = model.ForwardHidden(new LlamaInputs(batch.InputIds) { AttentionMask = mask, PastKeyValues = past, LayerRunner = Checkpointing is null ? null : Checkpointing.Run });
        var mean = CausalLmLoss.FromHidden(model, hidden, batch.Labels);
        return (mean * Math.Max(1, batch.TargetCount)).MoveToOuterDisposeScope();
    }

    /// <summary>Sets each low-precision weight from its fp32 master (after the masters were restored from a checkpoint).</summary>
    public void PublishMasterWeights() => masters.Publish();

    /// <summary>Frees the optimizer state, the fp32 masters and the gradients this tuner left on the model's parameters.</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        masters.Dispose();
        foreach (var p in model.Projections()) if (p.Lora is { } lora && ReferenceEquals(lora.DropoutGenerator, dropoutRandom)) lora.DropoutGenerator = null;
        dropoutRandom.Dispose();
        foreach (var (_, p) in Trainable)
        {
            if (p.IsInvalid) continue; // its owner (e.g. a prefix encoder) was disposed first
            var grad = p.grad;
            if (grad is null) continue;
            p.grad = null;
            grad.Dispose();
        }
    }
}

/// <summary>Training produced a non-finite loss or gradient; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
