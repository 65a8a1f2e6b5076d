using System.Text;
using System.Text.Json;

namespace MedMLNet.Llama.SafeTensors;

/// <summary>
/// Parses and validates a safetensors header: u64 little-endian length N, N bytes of UTF-8 JSON,
/// then the data section. Every check a crafted file could break is made here, before any tensor is touched:
/// header length within the file, known dtypes, shapes whose byte size fits, offsets inside the data section,
/// no overlapping tensors, no duplicate keys.
/// </summary>
public sealed class SafeTensorsHeader
{
    /// <summary>Largest header we accept (the format's own limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private SafeTensorsHeader(string path, long dataStart, long dataLength, IReadOnlyDictionary<string, SafeTensorInfo> tensors,
        IReadOnlyDictionary<string, string> metadata)
    {
        Path = path; DataStart = dataStart; DataLength = dataLength; Tensors = tensors; Metadata = metadata;
    }

    public string Path { get; }
    /// <summary>Absolute file offset of the data section (8 + header length).</summary>
    public long DataStart { get; }
    public long DataLength { get; }
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensorsHeader Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' not found.", path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(fs, path);
    }

    public static SafeTensorsHeader Read(Stream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw Bad(path, $"the file is {fileLength} bytes, shorter than the 8-byte header length (truncated download?)");
        Span<byte> lenBytes = stackalloc byte[8];
        stream.ReadExactly(lenBytes);
        var headerLength = BitConverter.ToUInt64(lenBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw Bad(path, $"header length {headerLength} is larger than the rest of the file ({fileLength - 8} bytes): the file is truncated or not safetensors");
        if (headerLength > MaxHeaderBytes) throw Bad(path, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        var (tensors, metadata) = Parse(path, json, dataLength);
        return new SafeTensorsHeader(path, dataStart, dataLength, tensors, metadata);
    }

    private static (Dictionary<string, SafeTensorInfo>, Dictionary<string, string>) Parse(string path, byte[] json, long dataLength)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(json); }
        catch (DecoderFallbackException) { throw Bad(path, "the header is not valid UTF-8"); }

        var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, path, "the header is not a JSON object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                if (tensors.ContainsKey(key) || (key == "__metadata__" && metadata.Count > 0))
                    throw Bad(path, $"duplicate key '{key}' in the header");
                reader.Read();
                if (key == "__metadata__") ReadMetadata(ref reader, path, metadata);
                else tensors[key] = ReadTensor(ref reader, path, key, dataLength);
            }
        }
        catch (JsonException e) { throw Bad(path, $"the header is not valid JSON ({e.Message})"); }
        catch (InvalidOperationException e) { throw Bad(path, $"the header has an invalid JSON string ({e.Message})"); }
        CheckNoOverlap(path, tensors.Values);
        return (tensors, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, string path, Dictionary<string, string> metadata)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, path, "__metadata__ must be an object of strings");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var k = reader.GetString()!;
            reader.Read();
            Expect(reader.TokenType == JsonTokenType.String, path, $"__metadata__['{k}'] must be a string");
            metadata[k] = reader.GetString()!;
        }
    }

    private static SafeTensorInfo ReadTensor(ref Utf8JsonReader reader, string path, string name, long dataLength)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, path, $"entry '{name}' must be an object");
        string? dtype = null; List<long>? shape = null; long[]? offsets = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = reader.GetString();
            reader.Read();
            switch (field)
            {
                case "dtype":
                    Expect(reader.TokenType == JsonTokenType.String, path, $"'{name}'.dtype must be a string");
                    dtype = reader.GetString(); break;
                case "shape": shape = ReadLongs(ref reader, path, name, "shape"); break;
                case "data_offsets": offsets = ReadLongs(ref reader, path, name, "data_offsets").ToArray(); break;
                default: reader.Skip(); break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw Bad(path, $"tensor '{name}' lacks dtype, shape or data_offsets");
        if (!SafeTensorDType.IsKnown(dtype))
            throw Bad(path, $"tensor '{name}' has unknown dtype '{dtype}' (supported: {string.Join(", ", SafeTensorDType.Names)})");
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
            throw Bad(path, $"tensor '{name}' has data_offsets [{string.Join(",", offsets)}] outside the {dataLength}-byte data section (truncated file?)");
        long bytes = SafeTensorDType.SizeOf(dtype);
        foreach (var d in shape)
        {
            if (d < 0) throw Bad(path, $"tensor '{name}' has a negative dimension");
            try { bytes = checked(bytes * d); }
            catch (OverflowException) { throw Bad(path, $"tensor '{name}' has a shape [{string.Join(",", shape)}] whose size overflows"); }
        }
        if (bytes != offsets[1] - offsets[0])
            throw Bad(path, $"tensor '{name}' {dtype}[{string.Join(",", shape)}] needs {bytes} bytes but data_offsets span {offsets[1] - offsets[0]}");
        return new SafeTensorInfo(name, dtype, shape.ToArray(), offsets[0], offsets[1]);
    }

    private static List<long> ReadLongs(ref Utf8JsonReader reader, string path, string name, string field)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, path, $"'{name}'.{field} must be an array of integers");
        var list = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v), path, $"'{name}'.{field} must hold integers");
            reader.TryGetInt64(out var value);
            list.Add(value);
            if (list.Count > 64) throw Bad(path, $"'{name}'.{field} has too many entries");
        }
        return list;
    }

    private static void CheckNoOverlap(string path, IEnumerable<SafeTensorInfo> tensors)
    {
        SafeTensorInfo? previous = null;
        foreach (var t in tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Begin))
        {
            if (previous != null && t.Begin < previous.End)
                throw Bad(path, $"tensors '{previous.Name}' and '{t.Name}' overlap in the data section");
            previous = t;
        }
    }

    private static void Expect(bool ok, string path, string what)
    {
        if (!ok) throw Bad(path, what);
    }

    private static InvalidDataException Bad(string path, string what) =>
        new($"'{path}' is not a valid safetensors file: {what}. Re-download or re-export the checkpoint.");
}
