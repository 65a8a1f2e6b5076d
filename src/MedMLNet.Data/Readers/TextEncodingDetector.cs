using System.Text;
using System.Text.Unicode;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Tells UTF-8 (with or without BOM), UTF-16 and GB18030 apart from a file's first bytes: a BOM decides;
/// otherwise bytes that are valid UTF-8 are UTF-8, and anything else is taken as GB18030 (the encoding of the
/// Chinese medical dialogue CSVs) when it decodes cleanly as GB18030.
/// </summary>
public static class TextEncodingDetector
{
    private const int SampleBytes = 1 << 16;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The GB18030 encoding (code page 54936), registered from the code-pages provider.</summary>
    public static Encoding Gb18030 => Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>Detects the encoding of the file at <paramref name="path"/>.</summary>
    public static Encoding Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var sample = new byte[SampleBytes];
        var n = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        return Detect(sample.AsSpan(0, n), atEnd: n < SampleBytes);
    }

    /// <summary>Detects the encoding of a byte sample (<paramref name="atEnd"/>: the sample is the whole file).</summary>
    public static Encoding Detect(ReadOnlySpan<byte> sample, bool atEnd)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false, true);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode;
        if (IsUtf8(sample, atEnd)) return new UTF8Encoding(false, true);
        if (DecodesAs(Gb18030, sample, atEnd)) return Gb18030;
        throw new InvalidDataException("the text is neither UTF-8 nor GB18030; re-encode it as UTF-8.");
    }

    /// <summary>"GB18030", "UTF-8", ... for messages.</summary>
    public static string Describe(string path)
    {
        try
        {
            var e = Detect(path);
            return e.CodePage == 54936 ? "it looks like GB18030" : $"it looks like {e.WebName}";
        }
        catch (InvalidDataException) { return "unknown encoding"; }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample, bool atEnd)
    {
        if (Utf8.IsValid(sample)) return true;
        if (atEnd) return false;
        // The sample may end inside a multi-byte character.
        for (var cut = 1; cut <= 3 && cut < sample.Length; cut++)
            if (Utf8.IsValid(sample[..^cut])) return true;
        return false;
    }

    private static bool DecodesAs(Encoding encoding, ReadOnlySpan<byte> sample, bool atEnd)
    {
        for (var cut = 0; cut <= (atEnd ? 0 : 3) && cut < sample.Length; cut++)
        {
            try
            {
                encoding.GetCharCount(sample[..^cut]);
                return true;
            }
            catch (DecoderFallbackException) { }
        }
        return false;
    }
}
