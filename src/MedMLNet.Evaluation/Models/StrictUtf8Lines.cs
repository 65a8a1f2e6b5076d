using System.Text;

namespace MedMLNet.Evaluation.Models;

/// <summary>
/// The lines of a UTF-8 text file with 1-based numbers, split on '\n' (a trailing '\r' dropped, a leading BOM skipped).
/// Each line is decoded on its own, so a line that is not UTF-8 is an <see cref="InvalidDataException"/> naming the
/// file and exactly that line.
/// </summary>
internal static class StrictUtf8Lines
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<(int Number, string Text)> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var line = new MemoryStream();
        var number = 0;
        int b;
        do
        {
            b = stream.ReadByte();
            if (b != -1 && b != '\n') { line.WriteByte((byte)b); continue; }
            if (b == -1 && line.Length == 0) break;
            number++;
            yield return (number, Decode(line, path, number));
            line.SetLength(0);
        }
        while (b != -1);
    }

    private static string Decode(MemoryStream line, string path, int number)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (number == 1 && bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.EndsWith("\r"u8)) bytes = bytes[..^1];
        try { return Strict.GetString(bytes); }
        catch (DecoderFallbackException) { throw new InvalidDataException($"{path}:{number}: not valid UTF-8; re-encode the file as UTF-8."); }
    }
}
