using MedMLNet.Data;
using MedMLNet.Data.Readers;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>
/// A record that repeats a key (JSON) or a file that repeats a column (CSV) is refused: readers disagree on which copy
/// counts (System.Text.Json keeps the first, Python's json the last), so either choice could train on the wrong text.
/// </summary>
public class RepeatedKeyTests
{
    private const string Good = "{\"question\": \"What is gout?\", \"answer\": \"A form of arthritis.\"}";

    [Theory]
    [InlineData("{\"question\": \"What is gout?\", \"question\": \"Other?\", \"answer\": \"A form of arthritis.\"}", DatasetFormat.Jsonl, "\"question\" appears twice")]
    [InlineData("{\"question\": \"Scurvy?\", \"answer\": \"Vitamin C\", \"options\": {\"A\": \"Vitamin A\", \"A\": \"Vitamin C\"}, \"meta_info\": \"step1\", \"answer_idx\": \"A\"}", DatasetFormat.MedQa, "\"options.A\" appears twice")]
    [InlineData("{\"instruction\": \"\", \"input\": \"What is gout?\", \"output\": \"A form of arthritis.\", \"output\": \"Other\"}", DatasetFormat.ChatDoctor, "\"output\" appears twice")]
    public void JsonLinesWithARepeatedKeyAreMalformed(string line, DatasetFormat format, string reason)
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("in.jsonl");
        var good = format switch
        {
            DatasetFormat.MedQa => "{\"question\": \"Scurvy?\", \"answer\": \"Vitamin C\", \"options\": {\"A\": \"Vitamin A\", \"B\": \"Vitamin C\"}, \"meta_info\": \"step1\", \"answer_idx\": \"B\"}",
            DatasetFormat.ChatDoctor => "{\"instruction\": \"\", \"input\": \"What is gout?\", \"output\": \"A form of arthritis.\"}",
            _ => Good,
        };
        File.WriteAllText(path, good + "\n" + line + "\n");
        var d = new ReadDiagnostics();
        Assert.Single(DatasetReader.Read(path, format, diagnostics: d));
        Assert.Equal(2L, Assert.Single(d.Issues).Line);
        Assert.Contains(reason, d.Issues[0].Reason);
    }

    [Fact]
    public void ChatDoctorArrayItemWithARepeatedKeyIsMalformed()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("cd.json");
        File.WriteAllText(path, """
            [{"instruction": "", "input": "What is gout?", "output": "A form of arthritis."},
             {"instruction": "", "input": "What is gout?", "input": "Other?", "output": "A form of arthritis."}]
            """);
        var d = new ReadDiagnostics();
        Assert.Single(DatasetReader.Read(path, DatasetFormat.ChatDoctor, diagnostics: d));
        var issue = Assert.Single(d.Issues);
        Assert.Equal(1L, issue.Line); // the array index
        Assert.Contains("\"input\" appears twice", issue.Reason);
    }

    [Fact]
    public void PubMedQaWithARepeatedPmidOrKeyIsMalformed()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("pq.json");
        File.WriteAllText(path, """
            {
              "1": {"QUESTION": "Is gout arthritis?", "LONG_ANSWER": "Yes.", "final_decision": "yes"},
              "1": {"QUESTION": "Is a cold bacterial?", "LONG_ANSWER": "No.", "final_decision": "no"},
              "2": {"QUESTION": "Is a cold bacterial?", "QUESTION": "x", "LONG_ANSWER": "No.", "final_decision": "no"}
            }
            """);
        var d = new ReadDiagnostics();
        var record = Assert.Single(DatasetReader.Read(path, DatasetFormat.PubMedQa, diagnostics: d));
        Assert.Equal("Is gout arthritis?", record.Turns[0].Content);
        Assert.Equal(2, d.MalformedCount);
        Assert.Contains("pmid 1 appears twice", d.Issues[0].Reason);
        Assert.Contains("\"QUESTION\" appears twice", d.Issues[1].Reason);
    }

    [Theory]
    [InlineData("question,answer,Question\nWhat is gout?,A form of arthritis.,x\n", DatasetFormat.Csv, "'Question'")]
    [InlineData("department,title,ask,answer,ask\n内科,高血压,能吃党参吗？,可以。,x\n", DatasetFormat.DialogueCsv, "'ask'")]
    public void CsvWithARepeatedColumnIsAnErrorNamingIt(string csv, DatasetFormat format, string column)
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("in.csv");
        File.WriteAllText(path, csv);
        var e = Assert.Throws<InvalidDataException>(() => DatasetReader.Read(path, format).ToList());
        Assert.Contains("in.csv:1:", e.Message);
        Assert.Contains($"the column {column} appears twice", e.Message);
    }

    [Fact]
    public void Utf16FileIsReportedAsNotUtf8()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("in.jsonl");
        File.WriteAllText(path, Good + "\n", System.Text.Encoding.Unicode); // with a BOM, as Windows tools write it
        var e = Assert.Throws<InvalidDataException>(() => FormatDetector.Detect(path));
        Assert.Contains("not UTF-8", e.Message);
        Assert.Contains("utf-16", e.Message);
    }
}
