using System.Text.Json;
using MedMLNet.Data;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>End to end: prepare writes the four files with the promised report; redact writes spans; empty results fail.</summary>
public class PipelineTests
{
    [Fact]
    public void PrepareWritesSplitsAndReport()
    {
        using var tmp = RepoPaths.TempDir();
        var input = tmp.File("in.jsonl");
        var lines = Enumerable.Range(0, 40).Select(i => $"{{\"id\": \"r{i}\", \"question\": \"Is symptom number {i} a concern for my heart health?\", \"answer\": \"Symptom {i} is usually mild; see a doctor if it lasts. Call me at 555-123-45{i % 10}{i / 10}.\", \"source\": \"{(i % 2 == 0 ? "A" : "B")}\"}}")
            .Append("{not json").Append($"{{\"id\": \"dup\", \"question\": \"Is symptom number 3 a concern for my heart health?\", \"answer\": \"Symptom 3 is usually mild; see a doctor if it lasts. Call me at 555-123-4530.\", \"source\": \"B\"}}");
        File.WriteAllLines(input, lines);
        var report = PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = tmp.File("out"), Redact = true, Split = SplitOptions.Parse("0.5,0.25,0.25") });
        Assert.Equal(41, report.Read.RecordsRead);
        Assert.Equal(1, report.Read.MalformedCount);
        Assert.Equal(41, report.Read.Issues.Single().Line);
        Assert.Equal(1, report.Cleaning.Removed[CleaningReport.ExactDuplicate]);
        Assert.Equal(40, report.RecordsWritten);
        Assert.Equal(40, report.RedactionsByType["PHONE"]);
        Assert.Equal((20, 10, 10), (report.Splits["train"], report.Splits["validation"], report.Splits["test"]));

        var written = new[] { "train.jsonl", "validation.jsonl", "test.jsonl" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(tmp.File("out"), f)).Select(ChatRecord.FromJson)).ToList();
        Assert.Equal(40, written.Select(r => r.Id).Distinct().Count());
        Assert.DoesNotContain(written, r => r.Messages[2].Content.Contains("555-123"));
        Assert.All(written, r => Assert.Contains("[PHONE]", r.Messages[2].Content));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.File("out"), "report.json")));
        var root = json.RootElement;
        Assert.Equal(40, root.GetProperty("redaction").GetProperty("by_type").GetProperty("PHONE").GetInt32());
        Assert.Equal(1, root.GetProperty("duplicates").GetProperty("exact").GetInt32());
        Assert.Equal(41, root.GetProperty("read").GetProperty("malformed_lines")[0].GetProperty("line").GetInt32());
        Assert.Equal(20, root.GetProperty("splits").GetProperty("train").GetInt32());
        Assert.Equal(10, root.GetProperty("splits_by_source").GetProperty("A").GetProperty("train").GetInt32());
        Assert.DoesNotContain("555-123", File.ReadAllText(Path.Combine(tmp.File("out"), "report.json")));
    }

    [Fact]
    public void EmptyResultIsAnErrorAndWritesNothing()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("in.jsonl"), "{oops\n{\"no\": \"question\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => PreparePipeline.Run(new PrepareOptions { InputPath = tmp.File("in.jsonl"), OutputDirectory = tmp.File("out"), Format = DatasetFormat.Jsonl }));
        Assert.Contains("no records left", e.Message);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "train.jsonl")));
        Assert.Empty(Directory.GetFiles(tmp.File("out"), "*", SearchOption.AllDirectories)); // scratch removed too
    }

    [Fact]
    public void StrictPrepareFailsOnTheFirstMalformedLine()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("in.jsonl"), "{\"question\": \"What is gout?\", \"answer\": \"Arthritis.\"}\n{bad\n");
        var e = Assert.Throws<InvalidDataException>(() =>
            PreparePipeline.Run(new PrepareOptions { InputPath = tmp.File("in.jsonl"), OutputDirectory = tmp.File("out"), Strict = true }));
        Assert.Contains("in.jsonl:2:", e.Message);
    }

    [Fact]
    public void RedactJsonlWritesSpansIntoTheInput()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("in.jsonl"), "{\"text\": \"Email a@b.com, BP 120/80\", \"id\": 7}\n{\"nope\": 1}\n{\"text\": \"手机13812345678\"}\n");
        var report = JsonlRedaction.Run(tmp.File("in.jsonl"), tmp.File("out.jsonl"));
        Assert.Equal(2, report.Written);
        Assert.Equal(2L, report.Diagnostics.Issues.Single().Line);
        var lines = File.ReadAllLines(tmp.File("out.jsonl"));
        Assert.Equal("""{"text":"Email [EMAIL], BP 120/80","redactions":[{"type":"EMAIL","start":6,"end":13}],"id":7}""", lines[0]);
        Assert.Equal("""{"text":"手机[PHONE]","redactions":[{"type":"PHONE","start":2,"end":13}]}""", lines[1]);
    }

    [Fact]
    public void RedactWithNoTextLinesIsAnError()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("in.jsonl"), "{\"nope\": 1}\n");
        Assert.Throws<InvalidDataException>(() => JsonlRedaction.Run(tmp.File("in.jsonl"), tmp.File("out.jsonl")));
        Assert.False(File.Exists(tmp.File("out.jsonl")));
    }

    [Fact]
    public void RedactWithNoTextLinesKeepsAnEarlierOutput()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("out.jsonl"), "{\"text\": \"earlier run\"}\n");
        File.WriteAllText(tmp.File("in.jsonl"), "{\"nope\": 1}\n");
        Assert.Throws<InvalidDataException>(() => JsonlRedaction.Run(tmp.File("in.jsonl"), tmp.File("out.jsonl")));
        Assert.Equal("{\"text\": \"earlier run\"}\n", File.ReadAllText(tmp.File("out.jsonl")));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }
}
