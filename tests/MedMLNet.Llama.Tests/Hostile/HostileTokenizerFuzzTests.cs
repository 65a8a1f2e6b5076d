using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Llama.Tests.Tokenization;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// Bounded, seeded fuzzing of <see cref="Llama3Tokenizer.FromPretrained"/>: a real tokenizer folder (the tiny tokenizer's
/// tokenizer.json + tokenizer_config.json) with one file mutated either loads (and still encodes/decodes) or throws the
/// documented <see cref="InvalidDataException"/> naming the file — never another exception type, a hang or a huge allocation.
/// </summary>
public class HostileTokenizerFuzzTests
{
    private static readonly Lazy<Dictionary<string, byte[]>> Seed = new(() =>
    {
        using var dir = RepoPaths.TempDir("medmlnet-fuzztok");
        TokenizerJsonWriter.Write(dir.Path, TinyTokenizer.Ranks());
        return Directory.GetFiles(dir.Path).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    });

    private static Property Fuzz(string fileName) =>
        Prop.ForAll(ByteMutation.Arbitrary(Seed.Value[fileName].Length), mutations =>
        {
            using var dir = RepoPaths.TempDir("medmlnet-fuzztok");
            foreach (var (name, bytes) in Seed.Value) File.WriteAllBytes(Path.Combine(dir.Path, name), bytes);
            File.WriteAllBytes(Path.Combine(dir.Path, fileName), ByteMutation.Apply(Seed.Value[fileName], mutations));
            try
            {
                var tok = Llama3Tokenizer.FromPretrained(dir.Path);
                var ids = tok.Encode("hello world <|eot_id|> 头痛 😀");
                _ = tok.Decode(ids);
                return true;
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                return e.Message.Contains(dir.Path, StringComparison.Ordinal) || e.Message.Contains(".json", StringComparison.Ordinal);
            }
        });

    [Property(MaxTest = 150)]
    public Property TokenizerJson() => Fuzz("tokenizer.json");

    [Property(MaxTest = 200)]
    public Property TokenizerConfigJson() => Fuzz("tokenizer_config.json");

    [Theory]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    public void CraftedFilesAreRejectedClearly(string fileName)
    {
        string[] crafted = [new string('[', 100_000), "\u00ff\u00fe", "", "{" ];
        foreach (var text in crafted)
        {
            using var dir = RepoPaths.TempDir("medmlnet-fuzztok");
            foreach (var (name, bytes) in Seed.Value) File.WriteAllBytes(Path.Combine(dir.Path, name), bytes);
            byte[] raw = text == "\u00ff\u00fe" ? [0xFF, 0xFE, 0xC0, 0x80] : System.Text.Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(Path.Combine(dir.Path, fileName), raw);
            var e = Assert.ThrowsAny<Exception>(() => Llama3Tokenizer.FromPretrained(dir.Path));
            Assert.IsType<InvalidDataException>(e);
            Assert.Contains(fileName, e.Message);
        }
    }
}
