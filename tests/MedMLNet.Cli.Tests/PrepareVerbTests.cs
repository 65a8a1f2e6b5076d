using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>`medmlnet prepare` on the bundled data/ samples and on hand-written JSONL (issue 6 contract).</summary>
public class PrepareVerbTests
{
    private static string Sample(params string[] parts) => Path.Combine([RepoPaths.Root, "data", .. parts]);

    private static readonly string[] Questions =
    [
        "I have had a dry cough for three weeks and it gets worse at night when I lie down.",
        "My ankle is swollen and painful after I twisted it while playing basketball yesterday.",
        "Sharp pain in the lower right abdomen started this morning along with nausea and a mild fever.",
        "My child has a red itchy rash on both arms that appeared after eating peanuts at school.",
        "I feel dizzy every time I stand up quickly from bed and sometimes my vision goes dark.",
        "There is a burning sensation when I urinate and I need to go to the toilet very often.",
        "Since last month I have been losing weight without trying and I am always thirsty.",
        "A severe headache on one side of my head comes with flashing lights before it starts.",
        "My gums bleed whenever I brush my teeth and they look red and puffy near the molars.",
        "I wake up with stiff painful fingers in both hands that only loosen after an hour.",
    ];

    private static readonly string[] Answers =
    [
        "A chronic night cough can come from reflux, asthma or postnasal drip; a chest exam is advised.",
        "Rest, ice, compression and elevation help a sprain; an X-ray rules out a fracture if you cannot bear weight.",
        "Right lower abdominal pain with fever may be appendicitis; please go to the emergency department now.",
        "This may be a food allergy; give an antihistamine and seek urgent care if breathing becomes difficult.",
        "Dizziness on standing suggests orthostatic hypotension; drink fluids and have your blood pressure checked.",
        "These are typical symptoms of a urinary tract infection; a urine test and antibiotics may be needed.",
        "Weight loss with thirst can be a sign of diabetes; a fasting glucose and HbA1c test are recommended.",
        "Headaches preceded by visual aura are typical of migraine; keep a diary and see a neurologist.",
        "Bleeding puffy gums usually mean gingivitis; floss daily and book a dental cleaning.",
        "Morning stiffness lasting an hour suggests inflammatory arthritis; a rheumatology referral is advised.",
    ];

    private static int CountLines(string path) => File.ReadLines(path).Count(l => l.Length > 0);

    [Fact]
    public async Task ChatDoctorSampleWritesThreeSplitsAndAReportWhoseCountsMatchTheFiles()
    {
        using var dir = RepoPaths.TempDir();
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run("prepare", "--input", Sample("chatdoctor", "chatdoctor5k-sample.json"),
            "--format", "chatdoctor", "--split", "0.8,0.1,0.1", "--seed", "7", "--output", outDir);
        Assert.True(exit == 0, err + stdout);

        var counts = new Dictionary<string, int>();
        foreach (var name in new[] { "train", "validation", "test" })
        {
            var path = Path.Combine(outDir, name + ".jsonl");
            counts[name] = CountLines(path);
            Assert.True(counts[name] > 0, name);
            foreach (var line in File.ReadLines(path).Take(5))
            {
                var messages = JsonDocument.Parse(line).RootElement.GetProperty("messages");
                Assert.Equal(["system", "user", "assistant"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            }
        }
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var splits = report.RootElement.GetProperty("splits");
        foreach (var (name, n) in counts) Assert.Equal(n, splits.GetProperty(name).GetInt32());
        // The train share is the largest by construction of 0.8/0.1/0.1 on a few hundred records.
        Assert.True(counts["train"] > counts["validation"] + counts["test"]);
        var read = report.RootElement.GetProperty("read").GetProperty("records").GetInt32();
        Assert.True(read >= counts.Values.Sum(), $"read {read} < written {counts.Values.Sum()}");
    }

    [Fact]
    public async Task MedQuadFolderAutoDetects()
    {
        using var dir = RepoPaths.TempDir();
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run("prepare", "--input", Sample("medquad"), "--output", outDir);
        Assert.True(exit == 0, err + stdout);
        Assert.True(CountLines(Path.Combine(outDir, "train.jsonl")) > 0);
        Assert.True(File.Exists(Path.Combine(outDir, "report.json")));
    }

    [Fact]
    public async Task RedactRemovesSeededIdentifiersAndCountsThemByTypeOnly()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("chats.jsonl");
        const string email = "jane.roe@example.org", phone = "13912345678";
        File.WriteAllLines(input, Questions.Select((q, i) => JsonSerializer.Serialize(new
        {
            messages = new[]
            {
                new { role = "user", content = $"{q} Contact me at {email} or {phone}." },
                new { role = "assistant", content = $"{Answers[i]} Take paracetamol 500 mg if in pain." },
            },
        })));
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run("prepare", "--input", input, "--format", "jsonl", "--redact", "--output", outDir);
        Assert.True(exit == 0, err + stdout);
        foreach (var file in Directory.GetFiles(outDir))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(email, text);
            Assert.DoesNotContain(phone, text);
        }
        Assert.DoesNotContain(email, stdout + err);
        var all = string.Concat(new[] { "train", "validation", "test" }.Select(n => File.ReadAllText(Path.Combine(outDir, n + ".jsonl"))));
        Assert.Contains("[EMAIL]", all);
        Assert.Contains("[PHONE]", all);
        Assert.Contains("500 mg", all);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var redaction = report.RootElement.GetProperty("redaction");
        Assert.True(redaction.GetProperty("enabled").GetBoolean());
        // One e-mail and one phone per record that survived cleaning (near-duplicates are dropped before redaction).
        var written = report.RootElement.GetProperty("splits").EnumerateObject().Sum(p => p.Value.GetInt32());
        Assert.True(written > 0);
        Assert.Equal(written, redaction.GetProperty("by_type").GetProperty("EMAIL").GetInt32());
        Assert.Equal(written, redaction.GetProperty("by_type").GetProperty("PHONE").GetInt32());
    }

    [Fact]
    public async Task StrictFailsOnAMalformedLineWithItsNumber()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("chats.jsonl");
        var good = JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = "headache?" }, new { role = "assistant", content = "rest" } } });
        File.WriteAllLines(input, [good, good.Replace("headache", "cough"), "{\"messages\": [oops", good.Replace("headache", "rash")]);
        var (exit, _, err) = await CliRunner.Run("prepare", "--input", input, "--format", "jsonl", "--strict", "--output", dir.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains("chats.jsonl:3", err);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "train.jsonl")));
    }

    [Fact]
    public async Task NonStrictSkipsTheMalformedLineAndReportsItsNumber()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("chats.jsonl");
        var lines = Questions.Select((q, i) => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = q }, new { role = "assistant", content = Answers[i] } },
        })).ToList();
        lines.Insert(4, "{broken");
        File.WriteAllLines(input, lines);
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, stdout, err) = await CliRunner.Run("prepare", "--input", input, "--format", "jsonl", "--output", outDir);
        Assert.True(exit == 0, err + stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var read = report.RootElement.GetProperty("read");
        Assert.Equal(1, read.GetProperty("malformed").GetInt32());
        Assert.Equal(5, read.GetProperty("malformed_lines")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task EmptyResultIsAnErrorAndWritesNothing()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("empty.jsonl");
        File.WriteAllText(input, "\n\n");
        var outDir = Path.Combine(dir.Path, "out");
        var (exit, _, err) = await CliRunner.Run("prepare", "--input", input, "--format", "jsonl", "--output", outDir);
        Assert.Equal(1, exit);
        Assert.Contains("no records", err);
        Assert.False(File.Exists(Path.Combine(outDir, "train.jsonl")));
    }

    [Fact]
    public async Task MissingInputNamesTheOption()
    {
        using var dir = RepoPaths.TempDir();
        var (exit, _, err) = await CliRunner.Run("prepare", "--input", dir.File("nope.jsonl"), "--output", dir.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains("--input", err);
    }
}
