using System.Text;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Turns generated ids into text as they arrive. A token may end in the middle of a UTF-8 character (a Chinese
/// character is 3 bytes and often spans two tokens); those bytes are held back until the character completes, so
/// a streamed reply never shows a broken character. The concatenation of every <see cref="Append"/> result and
/// <see cref="Flush"/> equals <see cref="Llama3Tokenizer.Decode"/> of the same ids.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly Llama3Tokenizer tokenizer;
    private readonly bool skipSpecialTokens;
    private readonly Decoder utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] chars = new char[64];

    internal StreamingDecoder(Llama3Tokenizer tokenizer, bool skipSpecialTokens)
    {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one id; returns the text completed by it (possibly empty while a character is incomplete).</summary>
    public string Append(int id) =>
        skipSpecialTokens && tokenizer.IsSpecial(id) ? "" : Convert(tokenizer.TokenBytes(id), flush: false);

    /// <summary>Ends the stream: returns what is held back, with U+FFFD for an incomplete character, and resets.</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = utf8.GetCharCount(bytes, flush);
        if (needed > chars.Length) chars = new char[Math.Max(needed, chars.Length * 2)];
        var n = utf8.GetChars(bytes, chars, flush);
        return new string(chars, 0, n);
    }
}
