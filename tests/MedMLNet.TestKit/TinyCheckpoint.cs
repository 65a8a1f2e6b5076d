using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.TestKit;

/// <summary>A byte-level checkpoint the tests build: 256 byte tokens + the 256 Llama 3 special tokens, 2 tiny layers.</summary>
public static class TinyCheckpoint
{
    /// <summary>Writes the checkpoint (config, fp32 safetensors, tokenizer files) into <paramref name="dir"/>; returns it.</summary>
    public static string Make(string dir, int maxPositions = 256, long seed = 3)
    {
        TokenizerJsonWriter.Write(dir, Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToArray());
        var tokenizer = Llama3Tokenizer.FromPretrained(dir);
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
            HeadDim = 8, MaxPositionEmbeddings = maxPositions, RmsNormEps = 1e-5, RopeTheta = 500000, BosTokenId = tokenizer.BosId,
            EosTokenIds = tokenizer.EosIds.ToArray(), TieWordEmbeddings = true,
        };
        using var model = LlamaForCausalLM.FromConfig(config, new RandomWeightSource(seed));
        CheckpointWriter.Save(model, dir);
        return dir;
    }
}
