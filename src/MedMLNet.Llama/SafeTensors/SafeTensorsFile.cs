using TorchSharp;
using static TorchSharp.torch;

namespace MedMLNet.Llama.SafeTensors;

/// <summary>
/// A safetensors file opened for reading. Tensors are views into a private (copy-on-write) memory map of
/// the file, so loading an 8B checkpoint keeps one copy of the weights: the page cache's. A tensor whose
/// offset is not aligned to its element size (legal but rare) is copied instead.
/// Tensors returned stay valid after this object is disposed (they hold the mapping themselves).
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private readonly Dictionary<ScalarType, Tensor> maps = new();
    private readonly long fileLength;

    private SafeTensorsFile(SafeTensorsHeader header, long fileLength)
    {
        Header = header;
        this.fileLength = fileLength;
    }

    public SafeTensorsHeader Header { get; }
    public string Path => Header.Path;
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => Header.Tensors;

    public static SafeTensorsFile Open(string path)
    {
        var header = SafeTensorsHeader.Read(path);
        return new SafeTensorsFile(header, new FileInfo(path).Length);
    }

    /// <summary>The tensor as stored (its file dtype), as a view of the mapped file. The caller owns the returned tensor.</summary>
    public Tensor Load(string name)
    {
        if (!Header.Tensors.TryGetValue(name, out var info))
            throw new KeyNotFoundException($"'{Path}' has no tensor '{name}'.");
        var type = SafeTensorDType.ToScalarType(info.DType);
        var size = SafeTensorDType.SizeOf(info.DType);
        var absolute = Header.DataStart + info.Begin;
        if (info.ElementCount == 0) return zeros(info.Shape, type);
        if (absolute % size != 0) return ReadCopy(info, type, absolute);
        var map = Map(type, size);
        using var flat = map.narrow(0, absolute / size, info.ElementCount);
        return flat.view(info.Shape);
    }

    private Tensor Map(ScalarType type, int size)
    {
        if (!maps.TryGetValue(type, out var map))
        {
            map = from_file(Path, shared: false, size: fileLength / size, dtype: type);
            maps[type] = map;
        }
        return map;
    }

    private Tensor ReadCopy(SafeTensorInfo info, ScalarType type, long absolute)
    {
        var buffer = new byte[checked((int)info.ByteLength)];
        using (var fs = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fs.Seek(absolute, SeekOrigin.Begin);
            fs.ReadExactly(buffer);
        }
        var t = empty(info.Shape, type);
        t.bytes = buffer;
        return t;
    }

    public void Dispose()
    {
        foreach (var m in maps.Values) m.Dispose();
        maps.Clear();
    }
}
