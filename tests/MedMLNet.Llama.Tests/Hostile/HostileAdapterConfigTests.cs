using System.Diagnostics;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// adapter_config.json values that parse as JSON but make no sense for the adapter (out-of-range numbers, wrong shapes
/// of value, hostile regexes) are a <see cref="CheckpointException"/> from <see cref="PeftAdapter.Apply"/> naming the
/// file and the key. (Malformed JSON itself — duplicates, nesting, UTF-8, truncation — is covered by HostileConfigTests.)
/// </summary>
public class HostileAdapterConfigTests
{
    [Theory]
    [InlineData("r", "0", "positive integer")]
    [InlineData("r", "-3", "positive integer")]
    [InlineData("r", "2147483647", "larger than any Llama projection")]
    [InlineData("r", "1e12", "an integer")]
    [InlineData("r", "\"8\"", "an integer")]
    [InlineData("r", "8.5", "an integer")]
    [InlineData("lora_alpha", "1e999", "not a finite number")]
    [InlineData("lora_alpha", "\"NaN\"", "a number")]
    [InlineData("lora_dropout", "1.5", "outside [0, 1)")]
    [InlineData("lora_dropout", "-0.1", "outside [0, 1)")]
    [InlineData("use_rslora", "\"yes\"", "true or false")]
    [InlineData("peft_type", "\"IA3\"", "not supported")]
    [InlineData("peft_type", "null", "missing or not a string")]
    [InlineData("target_modules", "{\"q_proj\": true}", "expected a list of module names or a regex string")]
    [InlineData("target_modules", "null", "missing")]
    [InlineData("target_modules", "[[\"q_proj\"]]", "expected a string")]
    [InlineData("target_modules", "\"(\"", "not a valid regex")]
    [InlineData("target_modules", "\"[\"", "not a valid regex")]
    public void NonsenseLoraValuesNameTheFileAndKey(string key, string json, string problem)
    {
        using var dir = AdapterFolders.Copy("lora-adapter");
        AdapterFolders.EditConfig(dir.Path, (key, json));
        var e = Assert.Throws<CheckpointException>(() => AdapterFolders.Apply(dir.Path));
        Assert.Contains(PeftAdapterConfig.FileName, e.Message);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
        Assert.Equal(0, AdapterFolders.AttachedCount());
    }

    [Fact]
    public void ACatastrophicallyBacktrackingTargetRegexFailsFastInsteadOfHanging()
    {
        using var dir = AdapterFolders.Copy("lora-adapter");
        AdapterFolders.EditConfig(dir.Path, ("target_modules", "\"(.*.*.*)*z\""));
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<CheckpointException>(() => AdapterFolders.Apply(dir.Path));
        Assert.Equal("target_modules", e.Key);
        Assert.Contains("too long", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("num_layers", "3", "does not match the model's 2 layers")]
    [InlineData("num_layers", "0", "positive integer")]
    [InlineData("num_virtual_tokens", "-4", "positive integer")]
    [InlineData("num_virtual_tokens", "2147483647", "virtual tokens, config says 2147483647")]
    [InlineData("token_dim", "63", "num_key_value_heads·head_dim")]
    [InlineData("prefix_projection", "1", "true or false")]
    public void NonsensePrefixValuesNameTheFile(string key, string json, string problem)
    {
        using var dir = AdapterFolders.Copy("prefix-adapter");
        AdapterFolders.EditConfig(dir.Path, (key, json));
        var e = Assert.Throws<CheckpointException>(() => AdapterFolders.Apply(dir.Path));
        Assert.Contains(problem, e.Message);
        Assert.Contains(problem.Contains("virtual tokens") ? PeftAdapterConfig.WeightsFile : PeftAdapterConfig.FileName, e.Message);
    }
}
