using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Catalogs;
using MedMLNet.TestKit;
using Microsoft.ML;

namespace MedMLNet.Tests.Hostile;

/// <summary>
/// <c>mlContext.Llama.LoadChatRecords</c> (ChatRecordReader) over crafted and mutated chat JSONL: every damaged file is an
/// <see cref="InvalidDataException"/> naming the file (and the line, where there is one) — never another exception type.
/// Seeded with real records of the shared datasets (ChatDoctor English, Chinese medical dialogue) as `prepare` writes them.
/// </summary>
public class HostileChatRecordTests
{
    private static readonly Lazy<byte[]> Seed = new(() =>
    {
        var lines = new[] { "chatdoctor-genmedgpt-5k", "chinese-medical-dialogue" }
            .SelectMany(d => File.ReadLines(Path.Combine(RepoPaths.Datasets, d, "data.jsonl")).Take(1))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select((r, i) => JsonSerializer.Serialize(new
            {
                messages = new[]
                {
                    new { role = "system", content = "You are a careful medical assistant." },
                    new { role = "user", content = r.GetProperty("question").GetString()! },
                    new { role = "assistant", content = r.GetProperty("answer").GetString()! },
                },
                id = $"r{i}", source = "fuzz",
            }));
        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    });

    private const string Good = "{\"messages\":[{\"role\":\"user\",\"content\":\"fever?\"},{\"role\":\"assistant\",\"content\":\"rest\"}]}\n";

    private static void Load(string path, bool holdOut)
    {
        var view = new MLContext(seed: 1).Llama.LoadChatRecords(path, holdOut);
        _ = view.Preview(1000);
    }

    public static TheoryData<string, byte[]> CraftedSecondLines => new()
    {
        { "invalid UTF-8", [.. "{\"messages\":[{\"role\":\"user\",\"content\":\"caf"u8, 0xC3, 0x28, .. "\"},{\"role\":\"assistant\",\"content\":\"x\"}]}"u8] },
        { "overlong UTF-8 NUL", [.. "{\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xC0, 0x80, .. "\"},{\"role\":\"assistant\",\"content\":\"x\"}]}"u8] },
        { "duplicate messages key", "{\"messages\":[],\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "duplicate role in a message", "{\"messages\":[{\"role\":\"user\",\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "null role", "{\"messages\":[{\"role\":null,\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "numeric role", "{\"messages\":[{\"role\":3,\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "messages not a list", "{\"messages\":{\"role\":\"user\"}}"u8.ToArray() },
        { "a message that is a string", "{\"messages\":[\"hi\",{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "lone surrogate escape", "{\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"},{\"role\":\"assistant\",\"content\":\"b\"}]}"u8.ToArray() },
        { "deep nesting", Encoding.UTF8.GetBytes("{\"messages\":" + new string('[', 5000) + new string(']', 5000) + "}") },
        { "truncated", "{\"messages\":[{\"role\":\"user\",\"con"u8.ToArray() },
        { "array root", "[1,2,3]"u8.ToArray() },
        { "no assistant answer", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(CraftedSecondLines))]
    public void ACraftedLineIsInvalidDataNamingFileAndLine(string _, byte[] secondLine)
    {
        using var dir = RepoPaths.TempDir("medmlnet-hostile-chat");
        var path = dir.File("chats.jsonl");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Good), .. secondLine, (byte)'\n', .. Encoding.UTF8.GetBytes(Good)]);
        var e = Assert.Throws<InvalidDataException>(() => Load(path, holdOut: false));
        Assert.Contains(path + ":2:", e.Message);
    }

    [Fact]
    public void AnEmptyFileIsInvalidDataNamingTheFile()
    {
        using var dir = RepoPaths.TempDir("medmlnet-hostile-chat");
        var path = dir.File("chats.jsonl");
        File.WriteAllText(path, "\n\n");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => Load(path, holdOut: true)).Message);
    }

    private static Gen<byte[]> Mutate(byte[] seed) =>
        Gen.Choose(1, 4).SelectMany(n => Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, seed.Length - 1).SelectMany(pos => Gen.Choose(0, 255)
            .Select(v => (kind, pos, v)))).ArrayOf(n)).Select(edits =>
        {
            var bytes = seed.ToList();
            byte[][] tokens = [.. new[] { "{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "\\ud800", "\n", "\"role\":\"user\",", new string('[', 300) }.Select(Encoding.UTF8.GetBytes), [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80]];
            foreach (var (kind, p, v) in edits)
            {
                var pos = Math.Min(p, bytes.Count);
                switch (kind)
                {
                    case 0 when pos < bytes.Count: bytes[pos] = (byte)v; break;
                    case 1: bytes.InsertRange(pos, tokens[v % tokens.Length]); break;
                    case 2: bytes.RemoveRange(pos, Math.Min(1 + v % 16, bytes.Count - pos)); break;
                    case 3 when v < 32: bytes.RemoveRange(pos, bytes.Count - pos); break;
                }
            }
            return bytes.ToArray();
        });

    [Property(MaxTest = 300)]
    public Property MutatedChatJsonlReadsOrIsInvalidDataNamingTheFile() =>
        Prop.ForAll(Mutate(Seed.Value).SelectMany(b => Gen.Elements(true, false).Select(h => (b, h))).ToArbitrary(), c =>
        {
            using var dir = RepoPaths.TempDir("medmlnet-hostile-chat");
            var path = dir.File("chats.jsonl");
            File.WriteAllBytes(path, c.b);
            try { Load(path, c.h); return true; }
            catch (InvalidDataException e) { return e.Message.Contains(path, StringComparison.Ordinal); }
        });
}
