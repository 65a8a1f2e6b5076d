using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Tests.Checkpoints;

/// <summary>The named Llama 3 presets are the published models' config.json, and the key table spells Hugging Face's and PEFT's names.</summary>
public class ConfigPresetTests
{
    private static long Parameters(LlamaConfig c)
    {
        long d = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
        var layer = d * q + 2 * d * kv + q * d + 3 * d * c.IntermediateSize + 2 * d;
        return (long)c.VocabSize * d * (c.TieWordEmbeddings ? 1 : 2) + c.NumHiddenLayers * layer + d;
    }

    public static TheoryData<string, long> Published => new()
    {
        { nameof(LlamaConfig.Llama32_1B), 1_235_814_400L },
        { nameof(LlamaConfig.Llama32_3B), 3_212_749_824L },
        { nameof(LlamaConfig.Llama3_8B), 8_030_261_248L },
        { nameof(LlamaConfig.Llama31_8B), 8_030_261_248L },
    };

    private static LlamaConfig Preset(string name) => (LlamaConfig)typeof(LlamaConfig).GetMethod(name)!.Invoke(null, null)!;

    [Theory]
    [MemberData(nameof(Published))]
    public void Each_preset_has_its_models_published_parameter_count(string preset, long parameters) =>
        Assert.Equal(parameters, Parameters(Preset(preset)));

    [Theory]
    [MemberData(nameof(Published))]
    public void Each_preset_reads_back_unchanged_from_the_config_json_it_writes(string preset, long _)
    {
        var config = Preset(preset);
        var back = LlamaConfig.FromJson(config.ToJson());
        Assert.Equal(config.ToJson().ToJsonString(), back.ToJson().ToJsonString());
        Assert.Equal(config.EosTokenIds, back.EosTokenIds);
        Assert.Equal(config.RopeScaling, back.RopeScaling);
    }

    [Fact]
    public void The_llama_3_presets_carry_their_rope_and_context_settings()
    {
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), LlamaConfig.Llama32_1B().RopeScaling);
        Assert.Equal(new RopeScaling("llama3", 8, 1, 4, 8192), LlamaConfig.Llama31_8B().RopeScaling);
        Assert.Null(LlamaConfig.Llama3_8B().RopeScaling);
        Assert.Equal((131072, 8192), (LlamaConfig.Llama32_1B().MaxPositionEmbeddings, LlamaConfig.Llama3_8B().MaxPositionEmbeddings));
        Assert.True(LlamaConfig.Llama32_1B().TieWordEmbeddings);
        Assert.False(LlamaConfig.Llama3_8B().TieWordEmbeddings);
    }

    [Fact]
    public void Absent_optional_keys_read_as_transformers_defaults()
    {
        var minimal = new System.Text.Json.Nodes.JsonObject
        {
            ["vocab_size"] = 16, ["hidden_size"] = 8, ["intermediate_size"] = 16, ["num_hidden_layers"] = 1, ["num_attention_heads"] = 2,
        };
        var c = LlamaConfig.FromJson(minimal);
        Assert.Equal((2048, 1e-6, 10000.0, "float32", 2, 4), (c.MaxPositionEmbeddings, c.RmsNormEps, c.RopeTheta, c.TorchDtype, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal(new LlamaConfig().MaxPositionEmbeddings, c.MaxPositionEmbeddings);
    }

    [Fact]
    public void The_key_table_spells_hugging_face_and_peft_names()
    {
        Assert.Equal("model.layers.3.self_attn", LlamaKeys.Attention(3));
        Assert.Equal("model.layers.3.mlp.down_proj.weight", LlamaKeys.WeightOf(LlamaKeys.Mlp(3) + ".down_proj"));
        Assert.Equal("model.layers.12.post_attention_layernorm.weight", LlamaKeys.PostAttentionLayernorm(12));
        Assert.Equal("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", LlamaKeys.LoraA("model.layers.0.self_attn.q_proj"));
        Assert.Equal("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", LlamaKeys.LoraB("model.layers.0.self_attn.q_proj"));
        Assert.Equal("model.layers.0.self_attn.q_proj", LlamaKeys.ModuleOf("model.layers.0.self_attn.q_proj.weight"));
        Assert.Equal((12, (int?)null, (int?)null), (LlamaKeys.LayerOf("model.layers.12.mlp.up_proj.weight"), LlamaKeys.LayerOf(LlamaKeys.EmbedTokens), LlamaKeys.LayerOf(LlamaKeys.LmHead)));
        Assert.Equal(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], LlamaKeys.Projections);
    }
}
