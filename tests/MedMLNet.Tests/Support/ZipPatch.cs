using System.Buffers.Binary;
using System.IO.Compression;

namespace MedMLNet.Tests.Support;

/// <summary>Crafts altered model zips for negative tests.</summary>
public static class ZipPatch
{
    /// <summary>Rewrites the ML.NET model header of every Model.key whose model signature is <paramref name="modelSignature"/>.</summary>
    public static int SetComponentVersions(string zipPath, string modelSignature, uint written, uint readable)
    {
        ulong sig = 0;
        for (var i = 0; i < modelSignature.Length; i++) sig |= (ulong)modelSignature[i] << (i * 8);
        var patched = 0;
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.Where(e => e.Name == "Model.key").ToList())
        {
            byte[] bytes;
            using (var s = entry.Open()) { using var ms = new MemoryStream(); s.CopyTo(ms); bytes = ms.ToArray(); }
            if (BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x40)) != sig) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x48), written);   // ModelVerWritten
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x4C), readable);  // ModelVerReadable
            var name = entry.FullName;
            entry.Delete();
            using var w = zip.CreateEntry(name).Open();
            w.Write(bytes);
            patched++;
        }
        return patched;
    }

    /// <summary>Adds an entry with an arbitrary (possibly hostile) name.</summary>
    public static void AddEntry(string zipPath, string name, string content)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        using var w = new StreamWriter(zip.CreateEntry(name).Open());
        w.Write(content);
    }

    /// <summary>Flips one byte in the entry whose full name ends with <paramref name="suffix"/>.</summary>
    public static void CorruptEntry(string zipPath, string suffix)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.FullName.Replace('\\', '/').EndsWith(suffix, StringComparison.Ordinal));
        byte[] bytes;
        using (var s = entry.Open()) { using var ms = new MemoryStream(); s.CopyTo(ms); bytes = ms.ToArray(); }
        bytes[^1] ^= 0x5A;
        var name = entry.FullName;
        entry.Delete();
        using var w = zip.CreateEntry(name).Open();
        w.Write(bytes);
    }
}
