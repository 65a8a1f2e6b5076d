using System.Buffers.Binary;
using System.Text;

namespace MedMLNet.Tests.Support;

/// <summary>Writes a small but real-format Hugging Face checkpoint folder (config.json, one-tensor model.safetensors, tokenizer.json).</summary>
public static class FakeCheckpoint
{
    public static string Create(string parent, string name = "Llama-Test-1B", string modelType = "llama")
    {
        var dir = Path.Combine(parent, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), $$"""{"model_type":"{{modelType}}","hidden_size":8,"num_hidden_layers":1}""");
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), """{"version":"1.0","model":{"type":"BPE","vocab":{"a":0}}}""");
        var header = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""");
        using var fs = File.Create(Path.Combine(dir, "model.safetensors"));
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
        fs.Write(len);
        fs.Write(header);
        fs.Write(BitConverter.GetBytes(1.5f));
        fs.Write(BitConverter.GetBytes(-2f));
        return dir;
    }
}
