using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>One edit of a seed file: overwrite a byte, insert a JSON-ish token, delete a range or truncate.</summary>
public sealed record ByteMutation(int Kind, int Position, int Value)
{
    /// <summary>Tokens that turn valid JSON into hostile JSON: nesting, huge numbers, duplicates-to-be, bad UTF-8, specials.</summary>
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ",", ":", "-1", "0", "1e999", "18446744073709551615", "9223372036854775807", "null", "true",
            "\"F8\"", "\"BF16\"", "\"weight_map\":{}", "\"r\":1,\"r\":2,", "\"peft_type\":7,", new string('[', 200), new string('{', 40),
            "\\u0000", "\\ud800", "<|eot_id|>", "..", "/etc/passwd",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
    ];

    public static Gen<ByteMutation> One(int maxPosition) =>
        FsCheck.Fluent.Gen.Choose(0, 3).SelectMany(kind => FsCheck.Fluent.Gen.Choose(0, Math.Max(0, maxPosition - 1))
            .SelectMany(pos => FsCheck.Fluent.Gen.Choose(0, 255).Select(v => new ByteMutation(kind, pos, v))));

    /// <summary>1–4 mutations inside the first <paramref name="maxPosition"/> bytes.</summary>
    public static Arbitrary<ByteMutation[]> Arbitrary(int maxPosition) =>
        FsCheck.Fluent.Gen.Choose(1, 4).SelectMany(n => One(maxPosition).ArrayOf(n)).ToArbitrary();

    public static byte[] Apply(byte[] seed, IEnumerable<ByteMutation> mutations)
    {
        var bytes = seed.ToList();
        foreach (var m in mutations)
        {
            var pos = Math.Min(m.Position, bytes.Count);
            switch (m.Kind)
            {
                case 0 when pos < bytes.Count: bytes[pos] = (byte)m.Value; break;
                case 1: bytes.InsertRange(pos, Tokens[m.Value % Tokens.Length]); break;
                case 2: bytes.RemoveRange(pos, Math.Min(1 + m.Value % 16, bytes.Count - pos)); break;
                case 3 when m.Value < 16: bytes.RemoveRange(pos, bytes.Count - pos); break;
            }
        }
        return bytes.ToArray();
    }
}
