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
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"r{i:D6}").ToHashSet(), records.Select(r => r.Id).ToHashSet());
        // Conversations stay together under their pseudonym: 4 conversations of 3 records each.
        var groups = records.GroupBy(r => r.Group).ToList();
        Assert.Equal(4, groups.Count);
        Assert.All(groups, g => Assert.Equal(3, g.Count()));
        Assert.All(groups, g => Assert.Matches("^conv:c00000[1-4]$", g.Key));
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
