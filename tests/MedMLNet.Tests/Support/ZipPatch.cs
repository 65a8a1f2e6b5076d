using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

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

    /// <summary>Replaces the content of the entry whose full name ends with <paramref name="suffix"/> (compressed as usual).</summary>
    public static void ReplaceEntry(string zipPath, string suffix, Func<byte[], byte[]> edit)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName == suffix)
            ?? zip.Entries.First(e => e.FullName.Replace('\\', '/').EndsWith(suffix, StringComparison.Ordinal));
        byte[] bytes;
        using (var s = entry.Open()) { using var ms = new MemoryStream(); s.CopyTo(ms); bytes = ms.ToArray(); }
        var name = entry.FullName;
        entry.Delete();
        using var w = zip.CreateEntry(name).Open();
        w.Write(edit(bytes));
    }

    /// <summary>Deletes the entry whose full name ends with <paramref name="suffix"/>.</summary>
    public static void RemoveEntry(string zipPath, string suffix)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        zip.Entries.First(e => e.FullName.Replace('\\', '/').EndsWith(suffix, StringComparison.Ordinal)).Delete();
    }

    /// <summary>
    /// Overwrites the recorded length of entry <paramref name="index"/> (0 = options.json) in the state manifest of the
    /// stateful component with <paramref name="modelSignature"/> (manifest: int format, int count, per entry int name id,
    /// long length, int SHA id — read at the model section offset FpModel of the ML.NET header).
    /// </summary>
    public static void SetStateEntryLength(string zipPath, string modelSignature, int index, long length)
    {
        ulong sig = 0;
        for (var i = 0; i < modelSignature.Length; i++) sig |= (ulong)modelSignature[i] << (i * 8);
        string entry;
        using (var z = ZipFile.OpenRead(zipPath))
            entry = z.Entries.Single(e => e.Name == "Model.key" && Read(e) is { Length: > 0x50 } b && BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(0x40)) == sig).FullName;
        ReplaceEntry(zipPath, entry, bytes =>
        {
            var model = checked((int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(0x10)));        // FpModel
            if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(model)) != 1) throw new InvalidOperationException("not a state manifest (format 1)");
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(model + 8 + index * 16 + 4), length);
            return bytes;
        });
    }

    /// <summary>
    /// Replaces the state entry <paramref name="name"/> (e.g. options.json) of the stateful component with
    /// <paramref name="modelSignature"/>, and its recorded length and SHA-256 in the manifest, so the zip stays consistent.
    /// </summary>
    public static void ReplaceStateEntry(string zipPath, string modelSignature, string name, byte[] content)
    {
        ulong sig = 0;
        for (var i = 0; i < modelSignature.Length; i++) sig |= (ulong)modelSignature[i] << (i * 8);
        string key, entry;
        byte[] old;
        using (var z = ZipFile.OpenRead(zipPath))
        {
            key = z.Entries.Single(e => e.Name == "Model.key" && Read(e) is { Length: > 0x50 } b && BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(0x40)) == sig).FullName;
            entry = key[..^"Model.key".Length] + name;
            old = Read(z.GetEntry(entry)!);
        }
        var (oldSha, newSha) = (Convert.ToHexStringLower(SHA256.HashData(old)), Convert.ToHexStringLower(SHA256.HashData(content)));
        ReplaceEntry(zipPath, key, bytes =>
        {
            var replaced = 0;
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var at = bytes.AsSpan().IndexOf(encoding.GetBytes(oldSha));
                if (at < 0) continue;
                encoding.GetBytes(newSha).CopyTo(bytes, at);
                replaced++;
            }
            if (replaced != 1) throw new InvalidOperationException($"the manifest records {name}'s SHA-256 {replaced} times");
            return bytes;
        });
        List<string> blobs;
        using (var z = ZipFile.OpenRead(zipPath))
            blobs = [.. z.Entries.Where(e => e.FullName.StartsWith(key[..^"Model.key".Length], StringComparison.Ordinal) && e.Name is not ("Model.key" or "options.json"))
                .Select(e => e.Name).Order(StringComparer.Ordinal)];
        var index = name == "options.json" ? 0 : 1 + blobs.IndexOf(name); // the manifest lists options.json, then the blobs in name order
        if (index < 1 && name != "options.json") throw new InvalidOperationException($"no state entry {name}");
        SetStateEntryLength(zipPath, modelSignature, index, content.Length);
        ReplaceEntry(zipPath, entry, _ => content);
    }

    private static byte[] Read(ZipArchiveEntry e)
    {
        using var s = e.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
