using System.Diagnostics;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Benchmarks;

/// <summary>
/// Times one randomly initialised Llama 3 of a given shape: prefill, greedy KV-cached decode, full fine-tuning and
/// LoRA (r=8, all 7 projections) training steps (forward + backward + AdamW). Each call of a phase is one repetition;
/// the caller interleaves them with the PyTorch peer and takes medians.
/// </summary>
public sealed class ModelBenchmark : IDisposable
{
    private readonly LlamaForCausalLM model;
    private readonly ModelBenchmarkOptions options;
    private readonly Random random = new(1);

    public ModelBenchmark(LlamaConfig config, ScalarType dtype, ModelBenchmarkOptions options)
    {
        Config = config; DType = dtype; this.options = options;
        model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(seed: 1), dtype);
    }

    public LlamaConfig Config { get; }
    public ScalarType DType { get; }

    /// <summary>Prefill tokens/s: one forward over a [1, PrefillLength] prompt, last-position logits.</summary>
    public double Prefill()
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = RandomIds(1, options.PrefillLength);   // [1, T]
        using var cache = model.NewCache(1, options.PrefillLength);
        var sw = Stopwatch.StartNew();
        model.Forward(new LlamaInputs(ids) { PastKeyValues = cache, LastPositionOnly = true });
        return options.PrefillLength / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Greedy decode tokens/s with the KV cache: batch 1, DecodeTokens new tokens after a short prompt.</summary>
    public double Decode()
    {
        var prompt = Enumerable.Range(0, options.DecodePrompt).Select(_ => random.Next(Config.VocabSize)).ToArray();
        var gen = new LlamaGenerator(model);
        var sw = Stopwatch.StartNew();
        var result = gen.Generate([prompt], new GenerationOptions { MaxNewTokens = options.DecodeTokens, StopOnEos = false });
        return result[0].Tokens.Count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Training tokens/s of one optimizer step of <paramref name="tuner"/> on a [TrainBatch, TrainLength] batch.</summary>
    public double TrainStep(FineTuner tuner)
    {
        var examples = Enumerable.Range(0, options.TrainBatch).Select(_ =>
        {
            var ids = Enumerable.Range(0, options.TrainLength).Select(_ => random.Next(Config.VocabSize)).ToArray();
            return new TrainingExample(ids, ids);
        }).ToList();
        using var batch = Batch.Collate(examples, 0, options.TrainLength);
        var sw = Stopwatch.StartNew();
        tuner.Backward(batch, batch.TargetCount);
        tuner.Step(1e-5);
        return (double)options.TrainBatch * options.TrainLength / sw.Elapsed.TotalSeconds;
    }

    /// <summary>A fine-tuner for full fine-tuning (every weight trains).</summary>
    public FineTuner FullTuner() => new(model, Training(FineTuneMethod.Full));

    /// <summary>Attaches LoRA r=8 on all 7 projections (dropout 0) and returns its fine-tuner.</summary>
    public FineTuner LoraTuner()
    {
        if (!model.Projections().Any(p => p.Lora != null))
            LoraWeights.Attach(model, new LoraOptions { Rank = 8, Alpha = 16, Dropout = 0 });
        return new FineTuner(model, Training(FineTuneMethod.Lora));
    }

    private TrainingOptions Training(FineTuneMethod method) => new()
    {
        Method = method, BatchSize = options.TrainBatch, SequenceLength = options.TrainLength,
        GradientCheckpointing = options.GradientCheckpointing, MaxGradNorm = 1.0,
    };

    private Tensor RandomIds(int b, int t) =>
        tensor(Enumerable.Range(0, b * t).Select(_ => (long)random.Next(Config.VocabSize)).ToArray(), [b, t]);

    public void Dispose() => model.Dispose();
}
