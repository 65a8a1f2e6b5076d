using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Checkpoints;

public class CheckpointLoadingTests
{
    private static TempDir CopyOf(string fixture)
    {
        var dir = RepoPaths.TempDir();
        foreach (var f in Directory.GetFiles(LlamaFixtures.Dir(fixture))) File.Copy(f, Path.Combine(dir.Path, Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void ConfigReadsEveryLlamaField()
    {
        var c = LlamaConfig.Load(Path.Combine(LlamaFixtures.Dir("llama32-tied-bf16"), "config.json"));
        Assert.Equal((256, 64, 176, 2, 4, 1, 16), (c.VocabSize, c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal("bfloat16", c.TorchDtype);
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 64), c.RopeScaling);
        Assert.Equal([254, 255], c.EosTokenIds);
        Assert.Equal(500000, c.RopeTheta);
    }

    [Fact]
    public void TiedModelSharesOneTensorAndNeedsNoLmHead()
    {
        using var m = LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama32-tied-bf16"));
        Assert.Same(m.model.embed_tokens.weight, m.lm_head.weight);
    }

    [Fact]
    public void SavedCheckpointReloadsIdenticallySingleAndSharded()
    {
        using var original = LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama32-tied-bf16"), ScalarType.BFloat16);
        foreach (var shardBytes in new long[] { 5_000_000_000, 60_000 })
        {
            using var dir = RepoPaths.TempDir();
            CheckpointWriter.Save(original, dir.Path, maxShardBytes: shardBytes);
            Assert.Equal(shardBytes < 1_000_000, File.Exists(dir.File("model.safetensors.index.json")));
            using var reloaded = LlamaForCausalLM.FromPretrained(dir.Path, ScalarType.BFloat16);
            var a = CheckpointWriter.StateDict(original);
            var b = CheckpointWriter.StateDict(reloaded);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var k in a.Keys) Assert.Equal(a[k].bytes.ToArray(), b[k].bytes.ToArray());
            Assert.False(b.ContainsKey("lm_head.weight"));
        }
    }

    [Fact]
    public void MissingFolderConfigAndWeightsAreClearErrors()
    {
        Assert.Contains("not found", Assert.Throws<DirectoryNotFoundException>(() => LlamaCheckpoint.Open("/no/such/model")).Message);
        using var dir = CopyOf("llama31-fp32");
        File.Delete(dir.File("model.safetensors"));
        Assert.Contains("no model.safetensors", Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Open(dir.Path)).Message);
        File.Delete(dir.File("config.json"));
        Assert.Contains("config.json", Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Open(dir.Path)).Message);
    }

    [Fact]
    public void UnknownRopeTypeIsRefused()
    {
        using var dir = CopyOf("llama31-fp32");
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        config["rope_scaling"]!["rope_type"] = "yarn";
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => LlamaForCausalLM.FromPretrained(dir.Path));
        Assert.Contains("rope_scaling.rope_type", e.Message);
        Assert.Contains("yarn", e.Message);
    }

    [Fact]
    public void WrongShapeNamesKeyFileAndExpectation()
    {
        using var dir = CopyOf("llama31-fp32");
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        config["intermediate_size"] = 300;
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => LlamaForCausalLM.FromPretrained(dir.Path));
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", e.Message);
        Assert.Contains("[300,128]", e.Message);
        Assert.Contains("model.safetensors", e.Message);
    }

    [Fact]
    public void MissingAndUnexpectedKeysAndWrongDtypeAreRejected()
    {
        using var dir = CopyOf("llama31-fp32");
        using var file = SafeTensorsFile.Open(dir.File("model.safetensors"));
        var tensors = file.Tensors.Keys.ToDictionary(k => k, k => file.Load(k).clone());
        file.Dispose();

        var missing = new Dictionary<string, Tensor>(tensors);
        missing.Remove("model.norm.weight");
        SafeTensorsWriter.Save(dir.File("model.safetensors"), missing);
        Assert.Contains("model.norm.weight", Assert.Throws<CheckpointException>(() => LlamaForCausalLM.FromPretrained(dir.Path)).Message);

        var extra = new Dictionary<string, Tensor>(tensors) { ["model.layers.2.mlp.up_proj.weight"] = zeros(2, 2) };
        SafeTensorsWriter.Save(dir.File("model.safetensors"), extra);
        Assert.Contains("unexpected", Assert.Throws<CheckpointException>(() => LlamaForCausalLM.FromPretrained(dir.Path)).Message);

        var wrongType = new Dictionary<string, Tensor>(tensors) { ["model.norm.weight"] = ones(new long[] { 128 }, ScalarType.Int32) };
        SafeTensorsWriter.Save(dir.File("model.safetensors"), wrongType);
        Assert.Contains("not a floating-point", Assert.Throws<CheckpointException>(() => LlamaForCausalLM.FromPretrained(dir.Path)).Message);
    }

    [Fact]
    public void TruncatedWeightsFileIsRejected()
    {
        using var dir = CopyOf("llama31-fp32");
        var bytes = File.ReadAllBytes(dir.File("model.safetensors"));
        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => LlamaForCausalLM.FromPretrained(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
    }

    [Fact]
    public void IndexListingAMissingShardIsRejected()
    {
        using var dir = CopyOf("llama32-tied-bf16");
        File.Delete(dir.File("model-00002-of-00002.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Open(dir.Path));
        Assert.Contains("model-00002-of-00002.safetensors", e.Message);
    }
}
