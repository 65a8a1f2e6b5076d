using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Data;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>
/// Bounded, seeded fuzzing of the JSONL readers (normalized messages JSONL, ChatDoctor, MedQA) over real records: a
/// mutated file either reads or throws <see cref="InvalidDataException"/> naming the file — never another exception type.
/// </summary>
public class HostileReaderFuzzTests
{
    private static readonly string[] Hostile =
        ["{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-1", new string('[', 5000), "\"question\":1,\"question\":2,", "\\ud800", "\n", "\u0000"];

    private static Gen<byte[]> Mutate(byte[] seed) =>
        Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, seed.Length - 1).SelectMany(pos => Gen.Choose(0, 255).Select(v =>
        {
            var bytes = seed.ToList();
            switch (kind)
            {
                case 0: bytes[pos] = (byte)v; break;
                case 1: bytes.InsertRange(pos, v % 2 == 0 ? Encoding.UTF8.GetBytes(Hostile[v % Hostile.Length]) : [0xFF, 0xC0, 0x80]); break;
                case 2: bytes.RemoveRange(pos, Math.Min(1 + v % 16, bytes.Count - pos)); break;
                default: bytes.RemoveRange(pos, bytes.Count - pos); break;
            }
            return bytes.ToArray();
        })));

    private static Property Fuzz(byte[] seed, DatasetFormat format) =>
        Prop.ForAll(Mutate(seed).ToArbitrary(), bytes =>
        {
            using var dir = RepoPaths.TempDir("medmlnet-fuzzdata");
            var path = Path.Combine(dir.Path, "data.jsonl");
            File.WriteAllBytes(path, bytes);
            try { _ = DatasetReader.Read(path, format).Count(); return true; }
            catch (InvalidDataException e) { return e.Message.Contains(path, StringComparison.Ordinal); }
        });

    private static byte[] FirstLines(string dataset, int n) =>
        Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(Path.Combine(RepoPaths.Shared, "datasets", dataset, "data.jsonl")).Take(n)) + "\n");

    [Property(MaxTest = 150)]
    public Property NormalizedJsonlEnglish() => Fuzz(FirstLines("chatdoctor-genmedgpt-5k", 2), DatasetFormat.Jsonl);

    [Property(MaxTest = 150)]
    public Property NormalizedJsonlChinese() => Fuzz(FirstLines("chinese-medical-dialogue", 2), DatasetFormat.Jsonl);

    [Property(MaxTest = 150)]
    public Property ChatDoctor() => Fuzz(Encoding.UTF8.GetBytes(
        "{\"instruction\":\"You are a doctor.\",\"input\":\"I have a headache and fever.\",\"output\":\"Rest and drink fluids.\"}\n" +
        "{\"instruction\":\"You are a doctor.\",\"input\":\"头痛怎么办\",\"output\":\"多休息\"}\n"), DatasetFormat.ChatDoctor);

    [Property(MaxTest = 150)]
    public Property MedQa() => Fuzz(Encoding.UTF8.GetBytes(
        "{\"question\":\"Which drug?\",\"answer\":\"Aspirin\",\"options\":{\"A\":\"Aspirin\",\"B\":\"Insulin\"},\"meta_info\":\"step1\",\"answer_idx\":\"A\"}\n"), DatasetFormat.MedQa);
}
