using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.TestKit;

namespace MedMLNet.Tests.Hostile;

/// <summary>
/// Bounded, seeded fuzzing of <c>LoadChecked</c> over a real model zip (<see cref="ModelZips"/>): raw byte mutations of
/// the zip, and mutations of one entry's content inside an otherwise valid zip (so ML.NET's headers, the state manifest,
/// options and adapter blobs are reached). A case either loads or throws a documented exception; each runs under a
/// time limit and an allocation budget, so a hang or a huge allocation fails the property too.
/// </summary>
public class HostileModelZipFuzzTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);
    private const long AllocationBudget = 256L << 20;

    private static readonly Lazy<string[]> EntryNames = new(() =>
    {
        using var zip = ZipFile.OpenRead(ModelZips.Zip);
        return [.. zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)];
    });

    private static Gen<(int Kind, int Position, int Value)[]> Edits(int length) =>
        Gen.Choose(1, 3).SelectMany(n => Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, Math.Max(0, length - 1))
            .SelectMany(pos => Gen.Choose(0, 255).Select(v => (kind, pos, v)))).ArrayOf(n));

    private static byte[] Apply(byte[] seed, IEnumerable<(int Kind, int Position, int Value)> edits)
    {
        var bytes = seed.ToList();
        foreach (var (kind, p, v) in edits)
        {
            var pos = Math.Min(p, bytes.Count);
            switch (kind)
            {
                case 0 when pos < bytes.Count: bytes[pos] = (byte)v; break;
                case 1: bytes.InsertRange(pos, v % 2 == 0 ? [0xFF, 0xFF, 0xFF, 0x7F] : [(byte)v]); break;
                case 2: bytes.RemoveRange(pos, Math.Min(1 + v % 8, bytes.Count - pos)); break;
                case 3 when v < 16: bytes.RemoveRange(pos, bytes.Count - pos); break;
                case 3 when pos + 8 <= bytes.Count: // a huge length or count where one was
                    bytes.RemoveRange(pos, 8);
                    bytes.InsertRange(pos, BitConverter.GetBytes(v % 2 == 0 ? (long)int.MaxValue - v : long.MaxValue - v));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Loads <paramref name="zip"/> on a worker thread: true when it loaded or failed in a documented way, in time and budget.</summary>
    private static bool LoadsOrFailsClearly(string zip)
    {
        Exception? failure = null;
        long allocated = 0;
        var run = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try { (ModelZips.Load(zip) as IDisposable)?.Dispose(); }
            catch (Exception e) { failure = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        if (!run.Wait(PerCase)) throw new TimeoutException($"loading a mutated zip took over {PerCase.TotalSeconds} s");
        if (allocated > AllocationBudget) throw new InsufficientMemoryException($"loading a mutated zip allocated {allocated >> 20} MiB");
        if (failure != null && !ModelZips.IsDocumented(failure)) throw new Xunit.Sdk.XunitException($"undocumented exception: {failure}");
        return true;
    }

    [Property(MaxTest = 150)]
    public Property RawZipBytes()
    {
        var seed = File.ReadAllBytes(ModelZips.Zip);
        return Prop.ForAll(Edits(seed.Length).ToArbitrary(), edits =>
        {
            using var dir = RepoPaths.TempDir("medmlnet-fuzzzip");
            var zip = dir.File("model.zip");
            File.WriteAllBytes(zip, Apply(seed, edits));
            return LoadsOrFailsClearly(zip);
        });
    }

    [Property(MaxTest = 250)]
    public Property OneEntryInAValidZip() =>
        Prop.ForAll(Gen.Elements(EntryNames.Value).SelectMany(name => Edits(4096).Select(edits => (name, edits))).ToArbitrary(), c =>
        {
            using var dir = RepoPaths.TempDir("medmlnet-fuzzzip");
            var zip = ModelZips.CopyTo(dir);
            Support.ZipPatch.ReplaceEntry(zip, c.name, bytes => Apply(bytes, c.edits.Select(e => (e.Kind, e.Position % Math.Max(1, bytes.Length), e.Value))));
            return LoadsOrFailsClearly(zip);
        });

    /// <summary>Cases the fuzzer found (ML.NET's Schema reader: a bare IOException, then a NotSupportedException), replayed.</summary>
    [Theory]
    [InlineData("Schema", 3, 1599, 173, 0, 3594, 50)]
    [InlineData("Schema", 0, 1365, 176, 3, 1854, 227)]
    public void FoundCasesLoadOrFailClearly(string entry, int kind1, int position1, int value1, int kind2, int position2, int value2)
    {
        using var dir = RepoPaths.TempDir("medmlnet-fuzzzip");
        var zip = ModelZips.CopyTo(dir);
        Support.ZipPatch.ReplaceEntry(zip, entry, bytes => Apply(bytes, [(kind1, position1 % bytes.Length, value1), (kind2, position2 % bytes.Length, value2)]));
        Assert.True(LoadsOrFailsClearly(zip));
    }
}
