using System.Text;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>Crafted config.json / generation_config.json / index / adapter_config.json files: each is rejected naming the file.</summary>
public class HostileConfigTests
{
    private static TempDir CopyOf(string fixture)
    {
        var dir = RepoPaths.TempDir();
        foreach (var f in Directory.GetFiles(LlamaFixtures.Dir(fixture))) File.Copy(f, Path.Combine(dir.Path, Path.GetFileName(f)));
        return dir;
    }

    public static TheoryData<string, byte[], string> CraftedJson => new()
    {
        { "duplicate key", Encoding.UTF8.GetBytes("{\"hidden_size\": 64, \"hidden_size\": 4096}"), "malformed JSON" },
        { "deep nesting", Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}"), "malformed JSON" },
        { "invalid UTF-8", [.. "{\"model_type\": \""u8, 0xC3, 0x28, .. "\"}"u8], "not valid UTF-8" },
        { "array root", Encoding.UTF8.GetBytes("[1, 2, 3]"), "not a JSON object" },
        { "truncated", Encoding.UTF8.GetBytes("{\"hidden_size\": 6"), "malformed JSON" },
        { "lone surrogate escape (found by the fuzzer)", Encoding.UTF8.GetBytes("{\"model_type\": \"\\ud800\"}"), "malformed JSON string" },
    };

    [Theory]
    [MemberData(nameof(CraftedJson))]
    public void CraftedConfigJsonIsACheckpointErrorNamingTheFile(string _, byte[] content, string expected)
    {
        using var dir = CopyOf("llama31-fp32");
        var path = Path.Combine(dir.Path, "config.json");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<CheckpointException>(() => LlamaConfig.Load(path));
        Assert.Contains("config.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [MemberData(nameof(CraftedJson))]
    public void CraftedGenerationConfigIsACheckpointError(string _, byte[] content, string expected)
    {
        using var dir = CopyOf("llama31-fp32");
        File.WriteAllBytes(Path.Combine(dir.Path, "generation_config.json"), content);
        var e = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Open(dir.Path));
        Assert.Contains("generation_config.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [MemberData(nameof(CraftedJson))]
    public void CraftedAdapterConfigIsACheckpointError(string _, byte[] content, string expected)
    {
        using var dir = CopyOf("lora-adapter");
        File.WriteAllBytes(Path.Combine(dir.Path, PeftAdapterConfig.FileName), content);
        var e = Assert.Throws<CheckpointException>(() => PeftAdapterConfig.Read(dir.Path));
        Assert.Contains(PeftAdapterConfig.FileName, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void DuplicateKeyInTheShardIndexIsRejected()
    {
        using var dir = CopyOf("llama32-tied-bf16");
        var path = Path.Combine(dir.Path, LlamaCheckpoint.IndexFile);
        var text = File.ReadAllText(path);
        var i = text.IndexOf("\"weight_map\"", StringComparison.Ordinal);
        File.WriteAllText(path, text.Insert(i, "\"weight_map\": {\"x\": \"/etc/passwd\"},\n"));
        var e = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Open(dir.Path));
        Assert.Contains(LlamaCheckpoint.IndexFile, e.Message);
    }

    [Theory]
    [InlineData("\"peft_type\": 7", "peft_type")]
    [InlineData("\"target_modules\": [1, 2]", "target_modules")]
    [InlineData("\"target_modules\": 3", "target_modules")]
    [InlineData("\"bias\": false", "bias")]
    public void WrongTypesInAdapterConfigNameTheKey(string field, string key)
    {
        using var dir = CopyOf("lora-adapter");
        var path = Path.Combine(dir.Path, PeftAdapterConfig.FileName);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var patch = System.Text.Json.Nodes.JsonNode.Parse("{" + field + "}")!.AsObject();
        foreach (var (k, v) in patch.ToList()) { patch.Remove(k); config[k] = v; }
        File.WriteAllText(path, config.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() =>
        {
            var c = PeftAdapterConfig.Read(dir.Path);
            PeftAdapterConfig.PeftType(c, dir.Path);
            PeftAdapterConfig.ReadLora(c, dir.Path);
        });
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void LoneSurrogateInASafeTensorsHeaderIsInvalidData()
    {
        using var dir = RepoPaths.TempDir();
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"\\ud800\":\"x\"}}");
        var path = dir.File("model.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. header, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => MedMLNet.Llama.SafeTensors.SafeTensorsHeader.Read(path));
        Assert.Contains("model.safetensors", e.Message);
    }
}
