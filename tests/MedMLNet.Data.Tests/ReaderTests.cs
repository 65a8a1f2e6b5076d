using System.Text;
using MedMLNet.Data;
using MedMLNet.Data.Readers;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>Formats without public samples here (MedQA, generic CSV, MIMIC layout) and reader edge cases, on hand-written files.</summary>
public class ReaderTests
{
    private const string MedQaLines =
        """
        {"question": "A 23-year-old pregnant woman has burning on urination. Which is the best treatment?", "answer": "Nitrofurantoin", "options": {"A": "Ampicillin", "B": "Ceftriaxone", "C": "Ciprofloxacin", "D": "Doxycycline", "E": "Nitrofurantoin"}, "meta_info": "step1", "answer_idx": "E"}
        {"question": "Which vitamin deficiency causes scurvy?", "answer": "Vitamin C", "options": {"A": "Vitamin A", "B": "Vitamin C", "C": "Vitamin D", "D": "Vitamin K"}, "meta_info": "step1", "answer_idx": "B"}
        """;

    [Fact]
    public void MedQaJsonlIsDetectedAndRead()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("medqa.jsonl");
        File.WriteAllText(path, MedQaLines);
        Assert.Equal(DatasetFormat.MedQa, FormatDetector.Detect(path));
        var records = DatasetReader.Read(path).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(4, records[0].AnswerIndex);
        Assert.Equal("E", records[0].AnswerLetter);
        Assert.Equal(["Vitamin A", "Vitamin C", "Vitamin D", "Vitamin K"], records[1].Options!);
        Assert.Equal("step1", records[1].Metadata["meta_info"]);
        Assert.Equal("B. Vitamin C", new ChatFormatter().Format(records[1]).Messages[2].Content);
    }

    [Fact]
    public void MalformedJsonLinesAreCountedWithLineNumbers()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("bad.jsonl");
        File.WriteAllText(path, "{\"question\": \"What is gout?\", \"answer\": \"A form of arthritis.\"}\n{\"question\": \"broken\n\n[1,2]\n{\"answer\": \"no question\"}\n");
        var d = new ReadDiagnostics();
        var records = DatasetReader.Read(path, DatasetFormat.Jsonl, diagnostics: d).ToList();
        Assert.Single(records);
        Assert.Equal(3, d.MalformedCount);
        Assert.Equal([2L, 4L, 5L], d.Issues.Select(i => i.Line));
        var strict = Assert.Throws<InvalidDataException>(() => DatasetReader.Read(path, DatasetFormat.Jsonl, diagnostics: new ReadDiagnostics(strict: true)).ToList());
        Assert.Contains("bad.jsonl:2:", strict.Message);
    }

    [Fact]
    public void Gb18030JsonlIsReportedAsWrongEncoding()
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("zh.jsonl");
        File.WriteAllBytes(path, TextEncodingDetector.Gb18030.GetBytes("{\"question\": \"高血压能吃党参吗？\", \"answer\": \"可以。\"}\n"));
        var e = Assert.Throws<InvalidDataException>(() => DatasetReader.Read(path, DatasetFormat.Jsonl).ToList());
        Assert.Contains("not UTF-8", e.Message);
        Assert.Contains("GB18030", e.Message);
    }

    [Fact]
    public void DialogueCsvReadsUtf8AndGb18030Alike()
    {
        using var tmp = RepoPaths.TempDir();
        const string csv = "department,title,ask,answer\r\n心血管科,高血压能吃党参吗？,\"我有高血压，\"\"党参\"\"能吃吗？\",可以吃。\r\n内分泌科,糖尿病怎么办,无,控制饮食。\r\n";
        File.WriteAllText(tmp.File("utf8.csv"), csv, new UTF8Encoding(false));
        File.WriteAllBytes(tmp.File("gb.csv"), TextEncodingDetector.Gb18030.GetBytes(csv));
        Assert.Equal(65001, TextEncodingDetector.Detect(tmp.File("utf8.csv")).CodePage);
        Assert.Equal(54936, TextEncodingDetector.Detect(tmp.File("gb.csv")).CodePage);
        foreach (var name in new[] { "utf8.csv", "gb.csv" })
        {
            var records = DatasetReader.Read(tmp.File(name)).ToList();
            Assert.Equal("我有高血压，\"党参\"能吃吗？", records[0].Question);
            Assert.Equal("糖尿病怎么办", records[1].Question); // ask "无" falls back to the title
            Assert.Equal("控制饮食。", records[1].Answer);
        }
    }

    [Fact]
    public void GenericTsvWithMappingAndMultiTurnCsv()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("qa.tsv"), "Q\tA\nWhat is flu?\tA viral infection.\n");
        var pairs = DatasetReader.Read(tmp.File("qa.tsv"), DatasetFormat.Csv, new ReaderOptions { Columns = ColumnMapping.Parse("question=Q,answer=A") }).ToList();
        Assert.Equal(("What is flu?", "A viral infection."), (pairs[0].Question, pairs[0].Answer));

        File.WriteAllText(tmp.File("turns.csv"), "conversation_id,role,text\nc1,patient,I have a headache.\nc1,doctor,Since when?\nc1,patient,Two days.\nc1,doctor,Rest and drink water.\nc2,patient,My knee hurts.\nc2,doctor,Ice it.\n");
        var dialogues = DatasetReader.Read(tmp.File("turns.csv")).ToList();
        Assert.Equal(2, dialogues.Count);
        Assert.Equal(4, dialogues[0].Turns.Count);
        Assert.Equal("c1", dialogues[0].ConversationId);
        Assert.Equal("Rest and drink water.", dialogues[0].Answer);
    }

    [Fact]
    public void MimicNotesAreAlwaysRedacted()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("NOTEEVENTS.csv"),
            "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CATEGORY,DESCRIPTION,TEXT\n" +
            "1,101,5001,2150-03-01,Discharge summary,Report,\"Patient seen by Dr. Jane Roe on 03/01/2150.\nCall 555-123-4567. Metformin 500 mg BID, BP 130/85.\"\n" +
            "2,101,5002,2150-04-01,Nursing,Note,\"MRN: 4412345. Stable.\"\n");
        Assert.Equal(DatasetFormat.MimicNotes, FormatDetector.Detect(tmp.File("NOTEEVENTS.csv")));
        var records = DatasetReader.Read(tmp.File("NOTEEVENTS.csv")).ToList();
        Assert.Equal(2, records.Count);
        var text = records[0].Question;
        Assert.Equal("Discharge summary note (Report):\nPatient seen by Dr. [NAME] on [DATE].\nCall [PHONE]. Metformin 500 mg BID, BP 130/85.", text);
        Assert.Contains("[MRN]", records[1].Question);
        Assert.Equal(records[0].ConversationId, records[1].ConversationId); // same patient, same split group
    }

    [Fact]
    public void JsonArrayItemsLargerThanTheBufferStream()
    {
        using var tmp = RepoPaths.TempDir();
        var big = new string('x', 200_000);
        File.WriteAllText(tmp.File("alpaca.json"), $"[{{\"instruction\": \"Explain.\", \"input\": \"{big}\", \"output\": \"ok\"}},\n {{\"instruction\": \"Hi?\", \"input\": \"\", \"output\": \"Hello.\"}}]");
        var records = DatasetReader.Read(tmp.File("alpaca.json")).ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal("Explain.\n\n" + big, records[0].Question);
        Assert.Equal("Hi?", records[1].Question);
    }

    [Fact]
    public void TruncatedJsonArrayFailsWithALineNumber()
    {
        using var tmp = RepoPaths.TempDir();
        File.WriteAllText(tmp.File("cut.json"), "[\n{\"instruction\": \"a\", \"output\": \"b\"},\n{\"instruction\": \"c\", \"out");
        var e = Assert.Throws<InvalidDataException>(() => DatasetReader.Read(tmp.File("cut.json")).ToList());
        Assert.True(e.Message.Contains("cut.json:3"), e.Message);
    }

    [Fact]
    public void MissingInputAndUnknownFormatAreUserErrors()
    {
        Assert.Throws<FileNotFoundException>(() => DatasetReader.Read("/nonexistent/file.jsonl").ToList());
        Assert.Throws<ArgumentException>(() => DatasetFormats.Parse("parquet"));
        Assert.Equal(DatasetFormat.DialogueCsv, DatasetFormats.Parse("dialogue-csv"));
    }
}
