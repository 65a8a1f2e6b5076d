using System.Text.Json;
using MedMLNet.Data;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>With redaction on, prepare writes no identifier: record and conversation ids become pseudonyms, malformed-line reasons never quote record text.</summary>
public class PreparePrivacyTests
{
    [Fact]
    public void RedactedPrepareReplacesRecordAndConversationIdsWithPseudonyms()
    {
        using var tmp = RepoPaths.TempDir();
        var input = tmp.File("in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { id = $"MRN-88{i:D4}", conversation_id = $"ENC-7{i / 3}", question = $"Question {i} about my persistent cough?", answer = $"Answer {i}: rest and fluids." })));
        PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = tmp.File("out"), Redact = true, Split = SplitOptions.Parse("0.5,0.25,0.25") });

        var text = string.Concat(Directory.GetFiles(tmp.File("out")).Select(File.ReadAllText));
        Assert.DoesNotContain("MRN-88", text);
        Assert.DoesNotContain("ENC-7", text);
        var records = Directory.GetFiles(tmp.File("out"), "*.jsonl").SelectMany(File.ReadAllLines).Select(ChatRecord.FromJson).ToList();
        Assert.Equal(12, records.Count);
        Assert.Equal(12, records.Select(r => r.Id).Distinct().Count());
        Assert.All(records, r => Assert.Matches("^r[0-9a-f]{12}$", r.Id));
        // Conversations stay together under their pseudonym: 4 conversations of 3 records each.
        var groups = records.GroupBy(r => r.Group).ToList();
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal(3, g.Count()));
        Assert.All(groups, g => Assert.Matches("^conv:c[0-9a-f]{12}$", g.Key));

        // The same input gives the same pseudonyms and the same split; another input gives other pseudonyms.
        PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = tmp.File("again"), Redact = true, Split = SplitOptions.Parse("0.5,0.25,0.25") });
        foreach (var split in new[] { "train.jsonl", "validation.jsonl", "test.jsonl" })
            Assert.Equal(File.ReadAllText(Path.Combine(tmp.File("out"), split)), File.ReadAllText(Path.Combine(tmp.File("again"), split)));
        File.AppendAllText(input, JsonSerializer.Serialize(new { id = "extra", question = "One more question about my cough at night?", answer = "One more answer: try honey and rest." }) + "\n");
        PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = tmp.File("other"), Redact = true, Split = SplitOptions.Parse("0.5,0.25,0.25") });
        var otherIds = Directory.GetFiles(tmp.File("other"), "*.jsonl").SelectMany(File.ReadAllLines).Select(l => ChatRecord.FromJson(l).Id).ToHashSet();
        Assert.Empty(otherIds.Intersect(records.Select(r => r.Id)));
    }

    [Fact]
    public void WithoutRedactionIdsAreKept()
    {
        using var tmp = RepoPaths.TempDir();
        var input = tmp.File("in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new { id = $"medquad-{i}", question = $"Question {i} about my sleep at night?", answer = $"Answer {i}: keep a regular bedtime and avoid caffeine." })));
        PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = tmp.File("out"), Split = SplitOptions.Parse("0.5,0.25,0.25") });
        var ids = Directory.GetFiles(tmp.File("out"), "*.jsonl").SelectMany(File.ReadAllLines).Select(l => ChatRecord.FromJson(l).Id).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"medquad-{i}").ToHashSet(), ids);
    }

    [Fact]
    public void MalformedReasonsQuoteRecordTextOnlyWithLogText()
    {
        using var tmp = RepoPaths.TempDir();
        var input = tmp.File("in.csv");
        File.WriteAllLines(input, ["id,role,text,conversation", "1,patient,My chest hurts,c1", "2,Dr. Gregory House,Take aspirin,c1", "3,doctor,Rest,c1"]);
        var columns = Readers.ColumnMapping.Parse("role=role,text=text,conversation=conversation");
        string ReportWith(bool logText)
        {
            var outDir = tmp.File(logText ? "with" : "without");
            PreparePipeline.Run(new PrepareOptions
            {
                InputPath = input, OutputDirectory = outDir, Format = DatasetFormat.Csv, Split = SplitOptions.Parse("1,0,0"), LogText = logText,
                Reader = new ReaderOptions { Columns = columns },
            });
            return File.ReadAllText(Path.Combine(outDir, PreparePipeline.ReportFile));
        }
        var plain = ReportWith(false);
        Assert.Contains("unknown role", plain);
        Assert.DoesNotContain("Gregory", plain);
        Assert.Contains("Gregory House", ReportWith(true));
    }

    [Fact]
    public void StrictErrorsAreRedactedWhenRedacting()
    {
        var diagnostics = new ReadDiagnostics(strict: true, sanitize: s => new PhiRedactor().Redact(s).Text);
        var e = Assert.Throws<InvalidDataException>(() => diagnostics.Malformed("in.jsonl", 3, "malformed JSON near 'call 555-201-3344'"));
        Assert.DoesNotContain("555-201-3344", e.Message);
        Assert.Contains("in.jsonl:3", e.Message);
    }
}
