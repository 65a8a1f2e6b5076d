using MedMLNet.Llama;
using TorchSharp;

namespace MedMLNet.Llama.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        TorchRuntime.Initialize();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
        var info = TorchRuntime.Describe();
        Assert.Equal("cpu", info.Backend);
        Assert.StartsWith("2.10", info.LibTorchVersion);
    }
}
