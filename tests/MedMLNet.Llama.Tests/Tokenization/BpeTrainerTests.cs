using System.Text;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    private static byte[][] Train(int merges, int minFrequency, params string[] docs)
    {
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 256 + merges + 256, MinFrequency = minFrequency, CountChatHeaders = false });
        foreach (var d in docs) trainer.Add(d);
        return trainer.Train();
    }

    private static string[] Learned(byte[][] ranks) => [.. ranks.Skip(256).Select(b => Encoding.UTF8.GetString(b))];

    [Fact]
    public void MergesTheMostFrequentPairFirst()
    {
        // pieces: "ab" x1, " ab" x2, " abc" x1 -> (a,b)=4 first, then (" ", ab)=3, then (" ab", c)=1
        Assert.Equal(new[] { "ab", " ab", " abc" }, Learned(Train(10, 1, "ab ab ab abc")));
        Assert.Equal(new[] { "ab", " ab" }, Learned(Train(10, 2, "ab ab ab abc")));   // min frequency 2 stops before " abc"
        Assert.Equal(new[] { "ab" }, Learned(Train(1, 1, "ab ab ab abc")));          // vocabulary size caps the merges
    }

    [Fact]
    public void TiesGoToTheSmallerPair() =>
        // (' ', 'c') = (32, 99) < ('a', 'b') = (97, 98) < ('c', 'd'): all seen once
        Assert.Equal(new[] { " c", "ab", " cd" }, Learned(Train(3, 1, "ab cd")));

    [Fact]
    public void VocabularySizeMustLeaveRoomForBytesAndSpecials() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BpeTrainer(new BpeTrainerOptions { VocabSize = 511 }));

    private static readonly string[] MedicalCorpus =
    [
        .. Enumerable.Repeat("Patients with hypertension should take their medication daily. Ibuprofen can raise blood pressure in hypertension.\n\n", 40),
        .. Enumerable.Repeat("Diabetes and hypertension often occur together; metformin treats diabetes.\n", 30),
        .. Enumerable.Repeat("高血压，需要低盐饮食。\n", 30),   // pieces: "高血压", "，需要低盐饮食", "。\n"
        "A rare word: pheochromocytoma.",
    ];

    [Fact]
    public void TrainedTokenizerLoadsRoundTripsAndMakesFrequentMedicalWordsSingleTokens()
    {
        using var dir = RepoPaths.TempDir();
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 256 + 300 + 256 });
        foreach (var d in MedicalCorpus) trainer.Add(d);
        var ranks = trainer.Train();
        TokenizerJsonWriter.Write(dir.Path, ranks, trainer.SpecialTokens);
        var tok = Llama3Tokenizer.FromPretrained(dir.Path);

        Assert.Equal(ranks.Length, tok.BosId);
        Assert.Equal(ranks.Length + 256, tok.VocabSize);
        Assert.Equal(ranks.Length + 4, tok.PadId);
        Assert.Equal(ChatTemplateStyle.Llama3, new ChatTemplate(tok).Style);
        foreach (var word in new[] { " hypertension", " diabetes", " Ibuprofen", "高血压", "\n\n", "user", "assistant" })
            Assert.Single(tok.Encode(word));
        Assert.True(tok.Encode(" pheochromocytoma").Length > 3);
        foreach (var doc in MedicalCorpus.Append("Unseen: 孩子发烧39度 😀 <|eot_id|> naïve"))
            Assert.Equal(doc, tok.Decode(tok.Encode(doc)));
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        using var a = RepoPaths.TempDir();
        using var b = RepoPaths.TempDir();
        foreach (var dir in new[] { a, b })
        {
            var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 700 });
            foreach (var d in MedicalCorpus) trainer.Add(d);
            TokenizerJsonWriter.Write(dir.Path, trainer.Train());
        }
        Assert.Equal(File.ReadAllBytes(a.File("tokenizer.json")), File.ReadAllBytes(b.File("tokenizer.json")));
        Assert.Equal(File.ReadAllBytes(a.File("tokenizer_config.json")), File.ReadAllBytes(b.File("tokenizer_config.json")));
    }

    [Fact]
    public void CorpusReaderTakesTextFieldsOfJsonlRecords()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("c.jsonl"),
            "{\"id\": \"x1\", \"question\": \"Q?\", \"answer\": \"A.\", \"license\": \"MIT\"}\n\n" +
            "{\"messages\": [{\"role\": \"system\", \"content\": \"Be careful.\"}, {\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}\n");
        Assert.Equal(new[] { "Q?\n\nA.", "hi\n\nhello" }, TrainingCorpus.Read(dir.File("c.jsonl")));
        File.WriteAllText(dir.File("c.txt"), "line 1\nline 2\n");
        Assert.Equal(new[] { "line 1\nline 2\n" }, TrainingCorpus.Read(dir.File("c.txt")));
        File.WriteAllText(dir.File("bad.jsonl"), "[1]\n");
        Assert.Throws<InvalidDataException>(() => TrainingCorpus.Read(dir.File("bad.jsonl")).ToList());
        Assert.Throws<FileNotFoundException>(() => TrainingCorpus.Read(dir.File("none.txt")));
    }
}
