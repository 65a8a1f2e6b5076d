using System.Text;
using System.Text.Json;
using MedMLNet.IO;
using static TorchSharp.torch;

namespace MedMLNet.Llama.SafeTensors;

/// <summary>
/// Writes safetensors files as Hugging Face does: header JSON padded with spaces to a multiple of 8,
/// `__metadata__` {"format":"pt"} (plus any given), tensors in name order, contiguous little-endian data.
/// Written atomically (temp file, then rename).
/// </summary>
public static class SafeTensorsWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string> { ["format"] = "pt" };
        if (metadata != null) foreach (var kv in metadata) meta[kv.Key] = kv.Value;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            var bytes = t.numel() * t.ElementSize;
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = SafeTensorDType.FromScalarType(t.dtype),
                ["shape"] = t.shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            stream.Write(BitConverter.GetBytes((ulong)padded));
            stream.Write(json);
            for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var name in names) WriteData(stream, tensors[name]);
        });
    }

    // Streams the tensor's bytes in chunks of at most 16M elements (Span<byte> cannot cover > 2 GB at once).
    private static void WriteData(Stream stream, Tensor t)
    {
        using var flat = t.detach().cpu().contiguous().reshape(-1);
        const long chunk = 1 << 24;
        var n = flat.numel();
        for (long start = 0; start < n; start += chunk)
        {
            using var part = flat.narrow(0, start, Math.Min(chunk, n - start));
            stream.Write(part.bytes);
        }
    }
}
