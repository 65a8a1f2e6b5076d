using System.IO.Compression;
using System.Text;
using MedMLNet.Catalogs;
using MedMLNet.LlamaChat;
using MedMLNet.State;
using MedMLNet.TestKit;
using MedMLNet.Tests.Support;

namespace MedMLNet.Tests.Hostile;

/// <summary>
/// Crafted copies of a real model zip (NormalizeText → FormatChat → LlamaChatTransformer with a LoRA adapter) are refused
/// by <c>LoadChecked</c> with an error that says what is wrong — no crash, hang or huge allocation.
/// </summary>
public class HostileModelZipTests
{
    private const string Chat = "MEDLLCHT";

    private static T? Innermost<T>(Exception? e) where T : Exception
    {
        for (; e != null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    private static T Refused<T>(string zip) where T : Exception => Assert.Throws<T>(() => ModelZips.Load(zip));

    [Fact]
    public void TheUnalteredZipLoadsAndAnswers() => Assert.Equal(2, ModelZips.LoadAndAnswer(ModelZips.Zip).Length);

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("TransformerChain\\..\\..\\evil.dll")]
    [InlineData("C:/Windows/evil.dll")]
    public void AnEntryThatEscapesTheFolderIsRefusedByName(string name)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.AddEntry(zip, name, "x");
        Assert.Contains(name, Refused<InvalidDataException>(zip).Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.98)]
    [InlineData(0.0)]
    public void ATruncatedZipIsInvalidData(double keep)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(int)(bytes.Length * keep)]);
        Refused<InvalidDataException>(zip);
    }

    // The chat transformer is the chain's third component (Transform_002); each component has its own options.json.
    [Theory]
    [InlineData("Transform_002/adapter_model.safetensors")]
    [InlineData("Transform_002/adapter_config.json")]
    [InlineData("Transform_002/options.json")]
    [InlineData("Transform_001/options.json")]
    public void AFlippedByteInACarriedFileIsAHashMismatchNamingTheEntry(string entry)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.CorruptEntry(zip, entry);
        var e = Refused<InvalidDataException>(zip);
        Assert.Contains(entry.Split('/')[1], e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    [Theory]
    [InlineData("Transform_002/adapter_model.safetensors")]
    [InlineData("Transform_002/options.json")]
    [InlineData("Transform_001/options.json")]
    public void AMissingCarriedFileIsNamed(string entry)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.RemoveEntry(zip, entry);
        Assert.Contains(entry.Split('/')[1], Refused<InvalidDataException>(zip).Message);
    }

    [Fact]
    public void AMissingComponentStreamIsRefused()
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Update))
            z.Entries.Where(e => e.FullName.Replace('\\', '/').EndsWith("/Model.key", StringComparison.Ordinal)).Last().Delete();
        var e = Assert.ThrowsAny<Exception>(() => ModelZips.Load(zip));
        Assert.True(ModelZips.IsDocumented(e), e.ToString());
    }

    [Theory]
    [InlineData(1L << 40, "impossible length")]
    [InlineData(-1L, "impossible length")]
    [InlineData(int.MaxValue - 64L, "recorded")]
    public void AHugeDeclaredOptionsLengthIsRefusedWithoutAllocatingIt(long length, string problem)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.SetStateEntryLength(zip, Chat, 0, length);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused<InvalidDataException>(zip);
        Assert.Contains("options.json", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the declared length must not be allocated");
    }

    [Fact]
    public void AnEntryThatInflatesFarBeyondItsRecordedLengthIsNotReadToTheEnd()
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.ReplaceEntry(zip, "Transform_002/options.json", _ => new byte[256 << 20]); // 256 MiB of zeros: a ~256 KiB deflate bomb
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused<InvalidDataException>(zip);
        Assert.Contains("options.json", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, $"allocated {(GC.GetAllocatedBytesForCurrentThread() - before) >> 20} MiB");
    }

    [Fact]
    public void OptionsJsonOfTheWrongShapeIsInvalidDataNotAJsonException()
    {
        var e = Assert.Throws<InvalidDataException>(() => LlamaChatTransformer.OptionsFormat.Read("{\"MaxNewTokens\": \"many\"}", LlamaChatTransformer.VersionCurrent, LlamaChatTransformer.OptionsWhere));
        Assert.Contains(TransformerState.OptionsEntryName, e.Message);
        Assert.Contains("MaxNewTokens", e.Message);
    }

    [Fact]
    public void ACarriedAdapterWithNaNWeightsFailsAtFirstUseNamingTheModelZipAndTheTensor()
    {
        using var dir = RepoPaths.TempDir();
        var adapter = dir.File("adapter");
        Directory.CreateDirectory(adapter);
        foreach (var f in Directory.GetFiles(ModelZips.AdapterDir)) File.Copy(f, Path.Combine(adapter, Path.GetFileName(f)));
        var path = Path.Combine(adapter, "adapter_model.safetensors");
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length - 4).Fill(0xFF); // the last float of the last tensor becomes NaN; the safetensors file stays valid
        File.WriteAllBytes(path, bytes);
        var zip = dir.File("nan.zip");
        ModelZips.Save(ModelZips.NewContext().Llama.ChatModel(ModelZips.BaseDir, adapter, new LlamaChatOptions { MaxNewTokens = 3 }), zip);
        var thrown = Assert.ThrowsAny<Exception>(() => ModelZips.LoadAndAnswer(zip));
        var e = Assert.IsType<InvalidDataException>(Innermost<InvalidDataException>(thrown)); // ML.NET's row cursors may wrap it
        Assert.Contains("model zip", e.Message);
        Assert.DoesNotContain("medmlnet-adapters-", e.Message); // not the scratch folder, gone by now
        Assert.Contains("NaN", e.Message);
        Assert.Contains("lora_", e.Message);
    }

    /// <summary>Found by the fuzzer: a damaged loader assembly name in a component header escaped as FileLoadException / ArgumentException.</summary>
    [Theory]
    [InlineData("Contoso.Fake.Assembly1")]  // well-formed, not there: FileNotFoundException from Assembly.Load
    [InlineData("Microsoft.ML,=,=,=,=,=")]  // malformed: FileLoadException
    [InlineData("                      ")]  // blank: ArgumentException
    public void ADamagedLoaderAssemblyNameIsInvalidDataNamingTheZip(string replacement)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        var replaced = false;
        ZipPatch.ReplaceEntry(zip, "TransformerChain/Model.key", bytes =>
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var name = encoding.GetBytes("Microsoft.ML.Data, Ver");
                var at = bytes.AsSpan().IndexOf(name);
                if (at < 0) continue;
                encoding.GetBytes(replacement[..22]).CopyTo(bytes, at);
                replaced = true;
                break;
            }
            return bytes;
        });
        Assert.True(replaced, "the chain's header records its loader assembly name");
        Assert.Contains(zip, Refused<InvalidDataException>(zip).Message);
    }

    /// <summary>Found by the fuzzer: a Schema entry whose table of contents points far past its end escaped as a bare IOException.</summary>
    [Theory]
    [InlineData(0x18)]
    [InlineData(0x20)]
    public void ASchemaEntryPointingOutsideItselfIsInvalidDataNamingTheZip(int offset)
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        ZipPatch.ReplaceEntry(zip, "Schema", bytes =>
        {
            BitConverter.GetBytes(long.MaxValue - 227).CopyTo(bytes, offset);
            return bytes;
        });
        var e = Assert.ThrowsAny<Exception>(() => ModelZips.Load(zip));
        Assert.True(e is InvalidDataException or FormatException, e.ToString());
        Assert.Contains(e is InvalidDataException ? zip : "", e.Message);
    }

    /// <summary>Found by the fuzzer: a text operation's saved options that are not JSON escaped as a JsonException.</summary>
    [Fact]
    public void ATextOperationsDamagedOptionsAreInvalidDataNamingTheOperation()
    {
        using var dir = RepoPaths.TempDir();
        var zip = ModelZips.CopyTo(dir);
        var replaced = false;
        ZipPatch.ReplaceEntry(zip, "Transform_000/Model.key", bytes =>
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var at = bytes.AsSpan().IndexOf(encoding.GetBytes("{\""));
                if (at < 0) continue;
                encoding.GetBytes("#").CopyTo(bytes, at); // the options object no longer starts with a brace
                replaced = true;
                break;
            }
            return bytes;
        });
        Assert.True(replaced, "the text transform saves its options as JSON");
        Assert.Contains("medmlnet.normalize-text", Refused<InvalidDataException>(zip).Message);
    }
}
