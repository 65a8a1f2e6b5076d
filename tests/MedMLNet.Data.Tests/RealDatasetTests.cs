using System.Text.RegularExpressions;
using MedMLNet.Data;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>Every real dataset in ../shared/datasets loads, natively (raw/) and normalized (data.jsonl).</summary>
public class RealDatasetTests
{
    private static string Ds(params string[] parts) => Path.Combine([RepoPaths.Datasets, .. parts]);

    private static List<DialogueRecord> Load(string path, DatasetFormat format, out ReadDiagnostics diagnostics)
    {
        diagnostics = new ReadDiagnostics(strict: true);
        return DatasetReader.Read(path, format, diagnostics: diagnostics).ToList();
    }

    [Fact]
    public void MedQuadXmlFolderLoadsEveryQaPair()
    {
        var folder = Ds("medquad", "raw");
        // Expected: the number of <QAPair ...> elements in the files (counted from the raw text, not by the reader).
        var expected = Directory.GetFiles(folder, "*.xml").Sum(f => Regex.Matches(File.ReadAllText(f), "<QAPair[ >]").Count);
        var records = Load(folder, DatasetFormat.Auto, out var d);
        Assert.Equal(expected, records.Count);
        Assert.Equal(0, d.MalformedCount);
        var first = records.First(r => r.Id == "0000306-1");
        Assert.Equal("What is (are) Amyopathic dermatomyositis ?", first.Question);
        Assert.StartsWith("Amyopathic dermatomyositis is a form of dermatomyositis", first.Answer);
        Assert.Contains("Gottron's papules", first.Answer); // &apos; decoded by the XML reader
        Assert.Equal("MedQuAD/GARD", first.Source);
        Assert.Equal("information", first.Metadata["qtype"]);
    }

    [Fact]
    public void ChatDoctorJsonArrayLoads()
    {
        var records = Load(Ds("chatdoctor-genmedgpt-5k", "raw", "chatdoctor5k-sample.json"), DatasetFormat.Auto, out _);
        Assert.Equal(1500, records.Count);
        Assert.Equal("Doctor, I have been experiencing back pain and muscle pain lately. What could be wrong with me?", records[0].Question);
        Assert.Equal("Based on your symptoms, it's possible that you have bone cancer.", records[0].Answer);
        // Record 3 ends with an inline "Patient:" follow-up, which becomes its own user turn.
        Assert.Equal(["user", "assistant", "user"], records[2].Turns.Select(t => t.Role));
        Assert.Equal("What types of tests are involved in that procedure?", records[2].Turns[2].Content);
    }

    [Fact]
    public void ChineseGb18030CsvLoads()
    {
        var path = Ds("chinese-medical-dialogue", "raw", "内科-sample-gb18030.csv");
        Assert.Equal(DatasetFormat.DialogueCsv, Readers.FormatDetector.Detect(path));
        Assert.Equal(54936, Readers.TextEncodingDetector.Detect(path).CodePage);
        var records = Load(path, DatasetFormat.Auto, out _);
        Assert.Equal(2500, records.Count);
        Assert.Equal("我有高血压这两天女婿来的时候给我拿了些党参泡水喝，您好高血压可以吃党参吗？", records[0].Question);
        Assert.StartsWith("高血压病人可以口服党参的。", records[0].Answer);
        Assert.Equal("心血管科", records[0].Metadata["department"]);
        Assert.Equal("高血压患者能吃党参吗？", records[0].Metadata["title"]);
    }

    [Fact]
    public void PubMedQaObjectLoadsInBothViews()
    {
        var path = Directory.GetFiles(Ds("pubmedqa", "raw")).Single();
        Assert.Equal(DatasetFormat.PubMedQa, Readers.FormatDetector.Detect(path));
        var free = Load(path, DatasetFormat.PubMedQa, out _);
        var mcq = Load(path, DatasetFormat.PubMedQaMcq, out _);
        Assert.Equal(500, free.Count);
        Assert.Equal(500, mcq.Count);
        Assert.Equal("pubmedqa-11555508", free[0].Id);
        Assert.Equal("Do inhaled corticosteroids affect perception of dyspnea during bronchoconstriction in asthma?", free[0].Question);
        Assert.StartsWith("Some of the disagreements on the perception of dyspnea", free[0].Context);
        Assert.Null(free[0].Options);
        Assert.Equal(["yes", "no", "maybe"], mcq[0].Options!);
        Assert.Equal("A", mcq[0].AnswerLetter); // final_decision "yes"
    }

    [Theory]
    [InlineData("medquad", 2003)]
    [InlineData("chatdoctor-genmedgpt-5k", 1500)]
    [InlineData("chinese-medical-dialogue", 2500)]
    [InlineData("pubmedqa", 500)]
    public void NormalizedJsonlLoads(string folder, int expected)
    {
        var path = Ds(folder, "data.jsonl");
        Assert.Equal(DatasetFormat.Jsonl, Readers.FormatDetector.Detect(path));
        var records = Load(path, DatasetFormat.Auto, out var d);
        Assert.Equal(expected, records.Count);
        Assert.Equal(0, d.MalformedCount);
        Assert.All(records, r => Assert.False(string.IsNullOrWhiteSpace(r.Question)));
    }

    [Fact]
    public void PubMedQaJsonlKeepsTheMultipleChoiceFields()
    {
        var first = Load(Ds("pubmedqa", "data.jsonl"), DatasetFormat.Jsonl, out _)[0];
        Assert.Equal(["yes", "no", "maybe"], first.Options!);
        Assert.Equal(0, first.AnswerIndex);
        Assert.NotNull(first.Context);
    }

    [Fact]
    public void PrepareRunsOnEveryNativeSample()
    {
        using var tmp = RepoPaths.TempDir();
        foreach (var input in new[] { Ds("medquad", "raw"), Ds("chatdoctor-genmedgpt-5k", "raw", "chatdoctor5k-sample.json"),
                     Ds("chinese-medical-dialogue", "raw", "内科-sample-gb18030.csv"), Directory.GetFiles(Ds("pubmedqa", "raw")).Single() })
        {
            var output = Path.Combine(tmp.Path, Path.GetFileName(input));
            var report = PreparePipeline.Run(new PrepareOptions { InputPath = input, OutputDirectory = output, Redact = true });
            Assert.True(report.RecordsWritten > 400, input);
            var lines = File.ReadLines(Path.Combine(output, "train.jsonl")).Concat(File.ReadLines(Path.Combine(output, "validation.jsonl")))
                .Concat(File.ReadLines(Path.Combine(output, "test.jsonl"))).ToList();
            Assert.Equal(report.RecordsWritten, lines.Count);
            Assert.All(lines.Take(50), l => Assert.Equal("system", ChatRecord.FromJson(l).Messages[0].Role));
        }
    }

    [Fact]
    public void ChineseDuplicatesAndBoilerplateAreCleaned()
    {
        var report = new CleaningReport();
        var cleaned = new DatasetCleaner().Clean(DatasetReader.Read(Ds("chinese-medical-dialogue", "data.jsonl")), report).ToList();
        // 44 rows repeat an earlier row's question and answer exactly (counted independently with a script over data.jsonl).
        Assert.Equal(44, report.Removed[CleaningReport.ExactDuplicate]);
        Assert.DoesNotContain(cleaned, r => r.Answer.Contains("祝您早日康复") || r.Answer.Contains("期望我的解释对你有所帮助"));
        Assert.True(report.Modified[TextCleaner.Boilerplate] > 100);
    }
}

/// <summary>The samples bundled under data/ load, carry their licence and attribution, and stay small.</summary>
public class BundledSampleTests
{
    [Theory]
    [InlineData("medquad", 300)]
    [InlineData("chatdoctor/chatdoctor5k-sample.json", 300)]
    [InlineData("chinese-medical-dialogue/neike-sample-gb18030.csv", 300)]
    [InlineData("pubmedqa/ori_pqal-sample.json", 200)]
    public void BundledSampleLoads(string relative, int expected)
    {
        var path = Path.Combine(RepoPaths.Root, "data", relative);
        Assert.Equal(expected, DatasetReader.Read(path, diagnostics: new ReadDiagnostics(strict: true)).Count());
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        Assert.True(File.Exists(Path.Combine(folder, "ATTRIBUTION.md")));
        Assert.NotEmpty(Directory.GetFiles(folder, "LICENSE*"));
    }

    [Fact]
    public void BundledDataStaysUnderThreeMegabytesAndTheDefaultModelUnderTwenty()
    {
        var data = Path.Combine(RepoPaths.Root, "data");
        var models = Path.Combine(data, "models") + Path.DirectorySeparatorChar;
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
        Assert.True(files.Where(f => !f.StartsWith(models, StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length) < 3_000_000);
        Assert.True(files.Where(f => f.StartsWith(models, StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length) < 20_000_000);
    }
}
