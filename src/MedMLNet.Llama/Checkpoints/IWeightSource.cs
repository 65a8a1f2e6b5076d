using static TorchSharp.torch;

namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// Where a model's weights come from, by Hugging Face state-dict key: a checkpoint folder, or random
/// initialisation (benchmarks, tests, pretraining from scratch). Modules ask for each tensor as they are built.
/// </summary>
public interface IWeightSource
{
    /// <summary>The tensor for <paramref name="key"/>, of exactly <paramref name="shape"/>, in <paramref name="dtype"/>.</summary>
    Tensor Take(string key, long[] shape, ScalarType dtype, WeightKind kind);

    /// <summary>Called once the model is built: fails on keys the source holds that no module took.</summary>
    void Finish();
}

/// <summary>What a weight is, so random initialisation can treat it as transformers does.</summary>
public enum WeightKind { Linear, Embedding, Norm }
