using System.Security.Cryptography;
using MedMLNet.BaseModel;
using Microsoft.ML;

namespace MedMLNet.State;

/// <summary>
/// Reads and writes a <see cref="TransformerState"/> in a model context: a versioned manifest in the
/// component's main stream, and one binary entry per blob (plus <c>options.json</c>) beside it.
/// </summary>
internal static class TransformerStateFormat
{
    /// <summary>Manifest layout version this build writes and the newest it reads.</summary>
    public const int CurrentFormat = 1;

    // *** Binary format (main stream, after the component's ML.NET header) ***
    // int: state format (1)
    // int: entry count (options.json first, then blobs in name order)
    // per entry: string name; long length; string SHA-256 (hex)
    // byte: 1 if a base checkpoint is referenced, else 0
    // if 1: string recorded path; int file count; per file: string role; string relative path; string SHA-256
    public static void Write(ModelSaveContext ctx, TransformerState state)
    {
        var entries = new List<(string Name, byte[] Bytes)> { (TransformerState.OptionsEntryName, System.Text.Encoding.UTF8.GetBytes(state.OptionsJson)) };
        entries.AddRange(state.Blobs.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value)));

        ctx.Writer.Write(CurrentFormat);
        ctx.Writer.Write(entries.Count);
        foreach (var (name, bytes) in entries)
        {
            ctx.SaveNonEmptyString(name);
            ctx.Writer.Write((long)bytes.Length);
            ctx.SaveNonEmptyString(Convert.ToHexStringLower(SHA256.HashData(bytes)));
            ctx.SaveBinaryStream(name, w => w.Write(bytes));
        }

        var baseModel = state.BaseModel;
        ctx.Writer.Write((byte)(baseModel == null ? 0 : 1));
        if (baseModel == null) return;
        ctx.SaveNonEmptyString(baseModel.RecordedPath);
        ctx.Writer.Write(baseModel.Files.Count);
        foreach (var f in baseModel.Files)
        {
            ctx.SaveNonEmptyString(f.Role);
            ctx.SaveNonEmptyString(f.RelativePath);
            ctx.SaveNonEmptyString(f.Sha256);
        }
    }

    public static TransformerState Read(ModelLoadContext ctx, string component)
    {
        var format = ctx.Reader.ReadInt32();
        if (format < 1 || format > CurrentFormat)
            throw new InvalidOperationException($"The model's '{component}' state is in format {format}; this build of MedMLNet reads formats 1..{CurrentFormat}. Upgrade MedMLNet to load this model.");

        var count = ctx.Reader.ReadInt32();
        if (count < 1 || count > 10_000) throw new InvalidDataException($"The model's '{component}' state is corrupt: {count} entries.");
        string? options = null;
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ctx.LoadNonEmptyString();
            var length = ctx.Reader.ReadInt64();
            var sha = ctx.LoadNonEmptyString();
            if (i == 0 ? name != TransformerState.OptionsEntryName : !TransformerState.IsValidBlobName(name))
                throw new InvalidDataException($"The model's '{component}' state names an entry '{name}' that is not allowed; the file is corrupt or was crafted.");
            var bytes = ReadEntry(ctx, name, length, component);
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, sha, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"The model's '{component}' entry '{name}' is corrupt: SHA-256 {actual}, recorded {sha}.");
            if (i == 0) options = System.Text.Encoding.UTF8.GetString(bytes);
            else blobs.Add(name, bytes);
        }

        BaseModelReference? baseModel = null;
        if (ctx.Reader.ReadByte() == 1)
        {
            var path = ctx.LoadNonEmptyString();
            var n = ctx.Reader.ReadInt32();
            if (n < 1 || n > 100) throw new InvalidDataException($"The model's '{component}' base reference is corrupt: {n} files.");
            var files = new BaseModelFile[n];
            for (var i = 0; i < n; i++)
                files[i] = new BaseModelFile(ctx.LoadNonEmptyString(), ctx.LoadNonEmptyString(), ctx.LoadNonEmptyString());
            if (files.Any(f => !Loading.ArchiveGuard.IsSafe(f.RelativePath) || Path.IsPathRooted(f.RelativePath)))
                throw new InvalidDataException($"The model's '{component}' base reference names an unsafe file path; the file is corrupt or was crafted.");
            baseModel = new BaseModelReference(path, files);
        }
        return new TransformerState(options!, blobs, baseModel);
    }

    private static byte[] ReadEntry(ModelLoadContext ctx, string name, long length, string component)
    {
        if (length < 0 || length > Array.MaxLength)
            throw new InvalidDataException($"The model's '{component}' entry '{name}' has an impossible length {length}.");
        byte[]? bytes = null;
        var tooLong = false;
        var found = ctx.TryLoadBinaryStream(name, r =>
        {
            // Read at most one byte past the recorded length: an entry that inflates further (a deflate bomb) is not read on.
            using var ms = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = r.BaseStream.Read(buffer, 0, (int)Math.Min(buffer.Length, length + 1 - ms.Length))) > 0)
                ms.Write(buffer, 0, n);
            tooLong = ms.Length > length;
            bytes = ms.ToArray();
        });
        if (!found || bytes == null)
            throw new InvalidDataException($"The model's '{component}' entry '{name}' is missing from the zip.");
        if (tooLong)
            throw new InvalidDataException($"The model's '{component}' entry '{name}' is corrupt: longer than the {length} bytes recorded.");
        if (bytes.LongLength != length)
            throw new InvalidDataException($"The model's '{component}' entry '{name}' is corrupt: {bytes.LongLength} bytes, recorded {length}.");
        return bytes;
    }
}
