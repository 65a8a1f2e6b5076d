using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Chat;

/// <summary>A random byte-level Llama 3 checkpoint (256 bytes + 256 special tokens) with its tokenizer, written to a folder.</summary>
internal static class TinyChatCheckpoint
{
    public static string Write(string dir, int contextWindow = 160, long seed = 3)
    {
        TokenizerJsonWriter.Write(dir, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(dir);
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
            HeadDim = 8, MaxPositionEmbeddings = contextWindow, RmsNormEps = 1e-5, RopeTheta = 500000, BosTokenId = tokenizer.BosId,
            EosTokenIds = tokenizer.EosIds.ToArray(), TieWordEmbeddings = true,
        };
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(seed));
        CheckpointWriter.Save(model, dir);
        return dir;
    }
}
