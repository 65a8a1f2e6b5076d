using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Tests.Checkpoints;

/// <summary>A config built in code (ints where JSON text would hold 500000.0) reads like the same config parsed from text.</summary>
public class ConfigFromCodeTests
{
    [Fact]
    public void NumbersBuiltInCodeReadLikeParsedNumbers()
    {
        var obj = new JsonObject
        {
            ["vocab_size"] = 512L, ["hidden_size"] = 32, ["intermediate_size"] = 64, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2, ["rope_theta"] = 500000, ["rms_norm_eps"] = 1e-5, ["bos_token_id"] = 7, ["eos_token_id"] = new JsonArray(8, 9),
        };
        var fromCode = LlamaConfig.FromJson(obj);
        var fromText = LlamaConfig.FromJson((JsonObject)JsonNode.Parse(obj.ToJsonString())!);
        Assert.Equal(500000.0, fromCode.RopeTheta);
        Assert.Equal(512, fromCode.VocabSize);
        Assert.Equal(fromText.EosTokenIds, fromCode.EosTokenIds);
        Assert.Equal(7, fromCode.BosTokenId);
        obj["hidden_size"] = 32.5;
        Assert.Throws<CheckpointException>(() => LlamaConfig.FromJson(obj));
    }
}
