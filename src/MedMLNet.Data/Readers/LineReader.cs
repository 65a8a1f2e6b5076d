using System.Text;

namespace MedMLNet.Data.Readers;

/// <summary>Reads UTF-8 text files line by line with 1-based line numbers, failing clearly on non-UTF-8 bytes.</summary>
internal static class LineReader
{
    /// <summary>Strict UTF-8 (throws on invalid bytes, BOM accepted).</summary>
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Each line with its number; a line that is not UTF-8 becomes an <see cref="InvalidDataException"/>.</summary>
    public static IEnumerable<(long Line, string Text)> ReadLines(string path, CancellationToken ct = default)
    {
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long number = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException(
                    $"{path}:{number + 1}: the file is not UTF-8 ({TextEncodingDetector.Describe(path)}); re-encode it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8).", e);
            }
            if (line is null) yield break;
            number++;
            yield return (number, line);
        }
    }
}
