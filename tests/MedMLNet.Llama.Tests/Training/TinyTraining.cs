using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>A tiny random Llama and a task it can learn: reverse three tokens after a separator.</summary>
internal static class TinyTraining
{
    public static LlamaConfig Config => new()
    {
        VocabSize = 48, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
        HeadDim = 8, MaxPositionEmbeddings = 64, RmsNormEps = 1e-5, RopeTheta = 10000, EosTokenIds = [3],
        RopeScaling = new RopeScaling("llama3", 8, 1, 4, 16),
    };

    public static LlamaForCausalLM Model(long seed = 7, TorchSharp.torch.ScalarType dtype = TorchSharp.torch.ScalarType.Float32) =>
        LlamaForCausalLM.FromConfig(Config, new RandomWeightSource(seed, 0.1), dtype);

    /// <summary>[1, a, b, c, 2] → [c, b, a, 3], loss on the answer only.</summary>
    public static List<TrainingExample> Reversal(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int a = rng.Next(10, 20), b = rng.Next(10, 20), c = rng.Next(10, 20);
            int[] ids = [1, a, b, c, 2, c, b, a, 3];
            int[] labels = [-100, -100, -100, -100, -100, c, b, a, 3];
            return new TrainingExample(ids, labels);
        }).ToList();
    }
}
