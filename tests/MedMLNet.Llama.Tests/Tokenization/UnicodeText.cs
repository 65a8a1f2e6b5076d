using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>A random, valid Unicode string (no lone surrogates) for property tests.</summary>
public sealed record UnicodeText(string Value)
{
    /// <inheritdoc />
    public override string ToString() => string.Concat(Value.Select(c => c < 0x7f && c >= 0x20 ? c.ToString() : $"\\u{(int)c:x4}"));
}

/// <summary>
/// Generators: mixes of English and Chinese words, emoji and other supplementary characters (surrogate pairs),
/// digits of several scripts, combining marks, whitespace of every kind, contractions, special-token names, and
/// arbitrary code points from all planes.
/// </summary>
public static class UnicodeArbitraries
{
    private static readonly string[] Pieces =
    [
        "fever", " headache", "It's", "THEY'LL", "'ſ", " 38.5°C", "400mg", "孩子发烧", "布洛芬", "吗？", "😀", "👩‍⚕️", "🩺",
        "𠀀𠀁", "𝐀𝐁c", "𝟏𝟐𝟑𝟒", "١٢٣٤", "é", "e\u0301", "\u3099", "  ", "\t", "\r\n", "\n\n\n", "\u00A0", "\u3000", "\u2028",
        "<|eot_id|>", "<|begin_of_text|>", "<|", "|>", "https://x.org/a?b=1", "Ωμέγα", "Привет", "नमस्ते", "\x1c", "\0",
    ];

    private static Gen<string> CodePoint =>
        Gen.Choose(0, 0x10FFFF).Where(cp => cp is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32);

    /// <summary>The arbitrary FsCheck picks up for <see cref="UnicodeText"/>.</summary>
    public static Arbitrary<UnicodeText> Text() =>
        Gen.Frequency((3, Gen.Elements(Pieces)), (2, CodePoint), (1, Gen.Choose(0x20, 0x7e).Select(c => ((char)c).ToString())))
            .ListOf()
            .Select(parts => new UnicodeText(string.Concat(parts)))
            .ToArbitrary();

    /// <summary>True when <paramref name="s"/> has no lone surrogate (what UTF-8 can carry).</summary>
    public static bool IsValid(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s;
}
