using System.Text;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Checkpoints;

public class SafeTensorsTests
{
    [Fact]
    public void WriteThenReadIsBitExactForEveryDtype()
    {
        using var dir = RepoPaths.TempDir();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 5),
            ["bf16"] = randn(7).to(ScalarType.BFloat16),
            ["f16"] = randn(2, 2, 3).to(ScalarType.Float16),
            ["i64"] = tensor(new long[] { long.MinValue, 0, long.MaxValue }),
            ["odd_bf16"] = randn(3).to(ScalarType.BFloat16), // 6 bytes: shifts later tensors off 4-byte alignment
            ["z_after_odd"] = randn(4),
        };
        var path = dir.File("t.safetensors");
        SafeTensorsWriter.Save(path, tensors, new Dictionary<string, string> { ["note"] = "x" });
        var bytes = File.ReadAllBytes(path);
        var headerLen = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, headerLen % 8);
        Assert.Contains("\"__metadata__\":{\"format\":\"pt\",\"note\":\"x\"}", Encoding.UTF8.GetString(bytes, 8, (int)headerLen));
        using var file = SafeTensorsFile.Open(path);
        foreach (var (name, t) in tensors)
        {
            using var back = file.Load(name);
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.Equal(t.bytes.ToArray(), back.bytes.ToArray());
        }
    }

    [Fact]
    public void FixtureShardRoundTripsBitExact()
    {
        var source = RepoPaths.Fixture("llama", "llama32-tied-bf16", "model-00001-of-00002.safetensors");
        using var dir = RepoPaths.TempDir();
        using var file = SafeTensorsFile.Open(source);
        using var scope = NewDisposeScope();
        var all = file.Tensors.Keys.ToDictionary(k => k, file.Load);
        var copy = dir.File("copy.safetensors");
        SafeTensorsWriter.Save(copy, all);
        using var back = SafeTensorsFile.Open(copy);
        foreach (var (k, t) in all) Assert.Equal(t.bytes.ToArray(), back.Load(k).bytes.ToArray());
    }

    public static TheoryData<string, string, string> CraftedHeaders => new()
    {
        { "offsets past the end", "{\"a\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}}", "outside" },
        { "overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", "overlap" },
        { "overflowing shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4611686018427387904],\"data_offsets\":[0,8]}}", "overflows" },
        { "unknown dtype", "{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unknown dtype" },
        { "duplicate key", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "duplicate" },
        { "size mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes" },
        { "not json", "{\"a\":{\"dtype\":", "not valid JSON" },
        { "deep nesting", new string('[', 5000) + new string(']', 5000), "not" },
    };

    [Theory]
    [MemberData(nameof(CraftedHeaders))]
    public void CraftedHeadersAreRejectedWithTheFileNamed(string _, string header, string expected)
    {
        using var dir = RepoPaths.TempDir();
        var path = dir.File("bad.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[16]]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsHeader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void HeaderLengthLargerThanFileIsRejected()
    {
        using var dir = RepoPaths.TempDir();
        var path = dir.File("trunc.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(1UL << 40), .. "{}"u8.ToArray()]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsHeader.Read(path));
        Assert.Contains("larger than the rest of the file", e.Message);
    }

    [Fact]
    public void InvalidUtf8HeaderIsRejected()
    {
        using var dir = RepoPaths.TempDir();
        var path = dir.File("utf8.safetensors");
        byte[] json = [(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json]);
        Assert.Contains("UTF-8", Assert.Throws<InvalidDataException>(() => SafeTensorsHeader.Read(path)).Message);
    }
}
