using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Adapters.Federation;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Federation;

/// <summary>FedAvg of PEFT LoRA adapters: hand-derived averages, exact SVD re-factorisation, truncation, config agreement.</summary>
public class LoraFederationTests
{
    private const string Module = "base_model.model.model.layers.0.self_attn.q_proj";

    private static string WriteAdapter(TempDir root, string name, int rank, double alpha, double[,] a, double[,] b, string baseModel = "base")
    {
        var dir = Path.Combine(root.Path, name);
        Directory.CreateDirectory(dir);
        using var ta = tensor(a, ScalarType.Float32);
        using var tb = tensor(b, ScalarType.Float32);
        SafeTensorsWriter.Save(Path.Combine(dir, PeftAdapterConfig.WeightsFile), new Dictionary<string, Tensor> { [Module + ".lora_A.weight"] = ta, [Module + ".lora_B.weight"] = tb });
        PeftAdapterConfig.WriteLora(dir, new LoraOptions { Rank = rank, Alpha = alpha, TargetModules = ["q_proj"] }, baseModel);
        return dir;
    }

    private static double[,] Read(string dir, string suffix)
    {
        using var file = SafeTensorsFile.Open(Path.Combine(dir, PeftAdapterConfig.WeightsFile));
        using var t = file.Load(Module + suffix).to(ScalarType.Float64);
        var (rows, cols) = ((int)t.shape[0], (int)t.shape[1]);
        var data = t.data<double>().ToArray();
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) m[i, j] = data[i * cols + j];
        return m;
    }

    /// <summary>B·A·scaling with plain loops (independent of the library's torch code).</summary>
    private static double[,] Update(double[,] b, double[,] a, double scaling)
    {
        var m = new double[b.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < m.GetLength(0); i++)
            for (var j = 0; j < m.GetLength(1); j++)
                for (var k = 0; k < a.GetLength(0); k++) m[i, j] += b[i, k] * a[k, j] * scaling;
        return m;
    }

    private static void AssertClose(double[,] expected, double[,] actual, double tol = 1e-5)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= tol, $"[{i},{j}] expected {expected[i, j]} got {actual[i, j]}");
    }

    [Fact]
    public void SeparateModeIsTheWeightedAverageOfEachFactor()
    {
        using var root = RepoPaths.TempDir();
        var s1 = WriteAdapter(root, "s1", 1, 2, new double[,] { { 1, 2 } }, new double[,] { { 3 }, { 4 } });
        var s2 = WriteAdapter(root, "s2", 1, 2, new double[,] { { 5, 6 } }, new double[,] { { 7 }, { 8 } });
        var output = Path.Combine(root.Path, "out");
        LoraFederation.Average([s1, s2], [100, 300], FederationMode.Separate, output);
        // weights 1/4, 3/4: A = [1,2]/4 + 3·[5,6]/4 = [4, 5]; B = [3,4]/4 + 3·[7,8]/4 = [6, 7].
        AssertClose(new double[,] { { 4, 5 } }, Read(output, ".lora_A.weight"));
        AssertClose(new double[,] { { 6 }, { 7 } }, Read(output, ".lora_B.weight"));
        var options = PeftAdapterConfig.ReadLora(PeftAdapterConfig.Read(output), output);
        Assert.Equal((1, 2.0), (options.Rank, options.Alpha));
    }

    [Fact]
    public void SvdModeReproducesTheAveragedUpdateExactlyWhenRankAllows()
    {
        using var root = RepoPaths.TempDir();
        const int rank = 2; const double alpha = 4; // scaling 2
        var a = new double[,] { { 1, 0, 2 }, { 0, 1, -1 } };
        var b1 = new double[,] { { 0, 1 }, { 2, 0 }, { 1, 1 }, { 0, -2 } };
        var b2 = new double[,] { { 1, 2 }, { 0, 1 }, { 3, 0 }, { -1, 1 } };
        var s1 = WriteAdapter(root, "s1", rank, alpha, a, b1);
        var s2 = WriteAdapter(root, "s2", rank, alpha, a, b2);
        var output = Path.Combine(root.Path, "out");
        LoraFederation.Average([s1, s2], [1, 3], FederationMode.Svd, output);
        // Both updates share the row space of a, so ¼·b1·a·s + ¾·b2·a·s = (¼·b1 + ¾·b2)·a·s has rank ≤ 2 = r.
        var averagedB = new double[,] { { 0.75, 1.75 }, { 0.5, 0.75 }, { 2.5, 0.25 }, { -0.75, 0.25 } };
        AssertClose(Update(averagedB, a, 2), Update(Read(output, ".lora_B.weight"), Read(output, ".lora_A.weight"), 2), 1e-4);
    }

    [Fact]
    public void SvdModeKeepsTheLargestComponentWhenTheAverageExceedsTheRank()
    {
        using var root = RepoPaths.TempDir();
        // r = 1, alpha = 2 → scaling 2. ΔW1 = [[3,0],[0,0]], ΔW2 = [[0,0],[0,1]]; equal weights → diag(1.5, 0.5);
        // the best rank-1 approximation is diag(1.5, 0).
        var s1 = WriteAdapter(root, "s1", 1, 2, new double[,] { { 1, 0 } }, new double[,] { { 1.5 }, { 0 } });
        var s2 = WriteAdapter(root, "s2", 1, 2, new double[,] { { 0, 1 } }, new double[,] { { 0 }, { 0.5 } });
        var output = Path.Combine(root.Path, "out");
        LoraFederation.Average([s1, s2], null, FederationMode.Svd, output);
        AssertClose(new double[,] { { 1.5, 0 }, { 0, 0 } }, Update(Read(output, ".lora_B.weight"), Read(output, ".lora_A.weight"), 2));
    }

    [Fact]
    public void AdaptersThatDisagreeOnRankOrBaseModelAreRefused()
    {
        using var root = RepoPaths.TempDir();
        var s1 = WriteAdapter(root, "s1", 1, 2, new double[,] { { 1, 0 } }, new double[,] { { 1 }, { 0 } });
        var s2 = WriteAdapter(root, "s2", 2, 2, new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 1, 0 }, { 0, 1 } });
        var s3 = WriteAdapter(root, "s3", 1, 2, new double[,] { { 1, 0 } }, new double[,] { { 1 }, { 0 } }, baseModel: "other-base");
        var e = Assert.Throws<CheckpointException>(() => LoraFederation.Average([s1, s2], null, FederationMode.Separate, Path.Combine(root.Path, "o")));
        Assert.Equal("r", e.Key);
        e = Assert.Throws<CheckpointException>(() => LoraFederation.Average([s1, s3], null, FederationMode.Svd, Path.Combine(root.Path, "o")));
        Assert.Equal("base_model_name_or_path", e.Key);
        Assert.Throws<ArgumentException>(() => LoraFederation.Average([s1, s1], [1, 2, 3], FederationMode.Separate, Path.Combine(root.Path, "o")));
        Assert.Throws<ArgumentException>(() => LoraFederation.Average([s1, s1], [1, -2], FederationMode.Separate, Path.Combine(root.Path, "o")));
    }
}
