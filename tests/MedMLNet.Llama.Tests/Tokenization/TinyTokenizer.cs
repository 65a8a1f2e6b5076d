using System.Text;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>
/// A small Llama 3-style tokenizer the tests make themselves: the 256 bytes (id = byte value), then a few merges,
/// then the 256 Llama 3.1 special names (ids 256 + merges + k), written with <see cref="TokenizerJsonWriter"/>.
/// </summary>
public static class TinyTokenizer
{
    /// <summary>The multi-byte tokens after the 256 bytes, in rank order (each is two earlier tokens merged).</summary>
    public static readonly byte[][] Merged =
    [
        U("he"), U("ll"), U("hell"), U("hello"), U("\n\n"), U(" w"), U("or"), U(" wor"), U("ld"), U(" world"),
        [0xE5, 0xA4],                 // the first two bytes of 头 (E5 A4 B4): a token that ends mid-character
        U("us"), U("er"), U("user"),
    ];

    /// <summary>Ids of the merged tokens.</summary>
    public const int He = 256, Ll = 257, Hell = 258, Hello = 259, NewLines = 260, World = 265, HalfTou = 266, User = 269;

    /// <summary>Base vocabulary size: 256 bytes + the merges.</summary>
    public static int BaseVocab => 256 + Merged.Length;

    private static readonly Lazy<Llama3Tokenizer> shared = new(() => Load(null));

    /// <summary>The tiny tokenizer with the Llama 3 Instruct template.</summary>
    public static Llama3Tokenizer Instance => shared.Value;

    /// <summary>The rank table: 256 single bytes then <see cref="Merged"/>.</summary>
    public static byte[][] Ranks() => [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), .. Merged];

    /// <summary>Writes the tiny tokenizer (with <paramref name="chatTemplate"/>) to a temp folder and loads it.</summary>
    public static Llama3Tokenizer Load(string? chatTemplate)
    {
        using var dir = RepoPaths.TempDir("medmlnet-tinytok");
        TokenizerJsonWriter.Write(dir.Path, Ranks(), chatTemplate: chatTemplate);
        return Llama3Tokenizer.FromPretrained(dir.Path);
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
}
