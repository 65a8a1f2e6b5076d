using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MedMLNet.BaseModel;

/// <summary>
/// Hashes the files that identify a Hugging Face checkpoint folder without reading its weights:
/// <c>config.json</c>, the weight index (<c>model.safetensors.index.json</c>, or for a single-file
/// checkpoint the JSON header of <c>model.safetensors</c>, which lists every tensor's name, dtype,
/// shape and offsets) and <c>tokenizer.json</c>.
/// </summary>
public static class CheckpointHasher
{
    /// <summary>The identifying files present in <paramref name="directory"/>, hashed; config.json is required.</summary>
    public static IReadOnlyList<BaseModelFile> HashIdentifyingFiles(string directory)
    {
        var config = Path.Combine(directory, "config.json");
        if (!File.Exists(config))
            throw new FileNotFoundException($"'{directory}' is not a checkpoint folder: config.json is missing.", config);
        var files = new List<BaseModelFile> { new(BaseModelReference.ConfigRole, "config.json", HashFile(config)) };
        var index = Path.Combine(directory, "model.safetensors.index.json");
        var single = Path.Combine(directory, "model.safetensors");
        if (File.Exists(index))
            files.Add(new(BaseModelReference.WeightIndexRole, "model.safetensors.index.json", HashFile(index)));
        else if (File.Exists(single))
            files.Add(new(BaseModelReference.WeightIndexRole, "model.safetensors", HashSafetensorsHeader(single)));
        var tokenizer = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(tokenizer))
            files.Add(new(BaseModelReference.TokenizerRole, "tokenizer.json", HashFile(tokenizer)));
        return files;
    }

    /// <summary>Hashes one file as its role says (whole file, or a safetensors header).</summary>
    public static string Hash(string directory, BaseModelFile file)
    {
        var path = Path.Combine(directory, file.RelativePath);
        return file.Role == BaseModelReference.WeightIndexRole && file.RelativePath.EndsWith(".safetensors", StringComparison.Ordinal)
            ? HashSafetensorsHeader(path)
            : HashFile(path);
    }

    /// <summary>Lower-case hex SHA-256 of a whole file.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Lower-case hex SHA-256 of a safetensors file's 8-byte length prefix plus JSON header.</summary>
    public static string HashSafetensorsHeader(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > 100_000_000 || (long)length > stream.Length - 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file (header length {length}).");
        var header = new byte[8 + (int)length];
        prefix.CopyTo(header);
        stream.ReadExactly(header.AsSpan(8));
        return Convert.ToHexStringLower(SHA256.HashData(header));
    }
}
