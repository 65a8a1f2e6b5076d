using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Tests.Support;

/// <summary>A byte-level random Llama 3 checkpoint on disk: 256 byte tokens + the 256 special tokens, 2 tiny layers.</summary>
internal static class TinyLlamaCheckpoint
{
    public static string Make(string dir)
    {
        Directory.CreateDirectory(dir);
        TokenizerJsonWriter.Write(dir, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(dir);
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
            HeadDim = 8, MaxPositionEmbeddings = 256, RmsNormEps = 1e-5, RopeTheta = 500000, BosTokenId = tokenizer.BosId,
            EosTokenIds = tokenizer.EosIds.ToArray(), TieWordEmbeddings = true,
        };
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(3));
        CheckpointWriter.Save(model, dir);
        return dir;
    }
}
