namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet, which Hugging Face <c>tokenizer.json</c> files use to spell byte-level BPE
/// tokens as printable strings: printable Latin-1 bytes (33–126, 161–172, 174–255) stand for themselves and the
/// other 68 bytes map, in byte order, to U+0100 onwards (so a space is "Ġ" and a newline "Ċ").
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> charToByte = Enumerable.Range(0, 256).ToDictionary(b => byteToChar[b], b => (byte)b);

    /// <summary>The printable character that stands for <paramref name="b"/>.</summary>
    public static char ToChar(byte b) => byteToChar[b];

    /// <summary>Spells raw bytes in the byte-level alphabet (the form tokenizer.json's vocab and merges use).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = byteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The raw bytes a byte-level token spells, or null when it uses a character outside the alphabet.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!charToByte.TryGetValue(token[i], out var b)) return null;
            bytes[i] = b;
        }
        return bytes;
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
