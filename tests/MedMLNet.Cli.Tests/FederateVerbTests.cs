using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Cli.Tests;

/// <summary>`medmlnet federate`: writes a PEFT folder; bad weights and mismatched adapters are user errors.</summary>
public class FederateVerbTests
{
    private static string Adapter(TempDir root, string name, int rank, float value)
    {
        var dir = Path.Combine(root.Path, name);
        Directory.CreateDirectory(dir);
        const string module = "base_model.model.model.layers.0.mlp.up_proj";
        using var a = full(rank, 3, value);
        using var b = full(2, rank, value);
        SafeTensorsWriter.Save(Path.Combine(dir, PeftAdapterConfig.WeightsFile), new Dictionary<string, Tensor> { [module + ".lora_A.weight"] = a, [module + ".lora_B.weight"] = b });
        PeftAdapterConfig.WriteLora(dir, new LoraOptions { Rank = rank, Alpha = 8, TargetModules = ["up_proj"] }, "base");
        return dir;
    }

    [Fact]
    public async Task FederateWritesAnAdapterFolder()
    {
        using var root = RepoPaths.TempDir();
        var (a, b) = (Adapter(root, "a", 2, 1), Adapter(root, "b", 2, 3));
        var output = Path.Combine(root.Path, "global");
        var (exit, stdout, err) = await CliRunner.Run("federate", "--adapters", a, b, "--weights", "1,1", "--mode", "separate", "--output", output);
        Assert.True(exit == 0, err + stdout);
        using var file = SafeTensorsFile.Open(Path.Combine(output, PeftAdapterConfig.WeightsFile));
        using var averaged = file.Load("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight");
        Assert.All(averaged.data<float>().ToArray(), v => Assert.Equal(2f, v)); // (1 + 3) / 2
        Assert.True(File.Exists(Path.Combine(output, PeftAdapterConfig.FileName)));
    }

    [Fact]
    public async Task BadWeightsAndMismatchedRanksAreUserErrors()
    {
        using var root = RepoPaths.TempDir();
        var (a, b, c) = (Adapter(root, "a", 2, 1), Adapter(root, "b", 2, 3), Adapter(root, "c", 1, 3));
        var (exit, _, err) = await CliRunner.Run("federate", "--adapters", a, b, "--weights", "1,x", "--output", root.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("--weights", err);
        (exit, _, err) = await CliRunner.Run("federate", "--adapters", a, c, "--mode", "svd", "--output", root.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("[r]", err);
        (exit, _, err) = await CliRunner.Run("federate", "--adapters", a, b, "--mode", "median", "--output", root.File("o"));
        Assert.Equal(1, exit);
        Assert.Contains("separate or svd", err);
    }
}
