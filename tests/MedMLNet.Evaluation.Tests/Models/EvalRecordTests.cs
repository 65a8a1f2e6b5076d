using MedMLNet.Evaluation.Models;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests.Models;

public class EvalRecordTests
{
    [Fact]
    public void TheLastAssistantMessageIsTheReferenceAndLanguageFollowsTheText()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllLines(dir.File("t.jsonl"),
        [
            """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"头痛怎么办？"},{"role":"assistant","content":"多休息。"}],"id":"z1","source":"zh"}""",
            "",
            """{"messages":[{"role":"user","content":"Q?\n\nA. yes\nB. no"},{"role":"assistant","content":"B. no"}],"id":"m1","source":"pubmedqa","answer_idx":"B"}""",
        ]);
        var records = EvalRecord.ReadJsonl(dir.File("t.jsonl"));
        Assert.Equal(2, records.Count);
        Assert.Equal(("zh", "多休息。", 2), (records[0].Lang, records[0].Reference, records[0].Prompt.Count));
        Assert.Equal(("en", "B", "Q?\n\nA. yes\nB. no"), (records[1].Lang, records[1].AnswerIdx, records[1].Question));
        Assert.Single(EvalRecord.ReadJsonl(dir.File("t.jsonl"), limit: 1));
    }

    [Theory]
    [InlineData("not json", ":1:")]
    [InlineData("""{"messages":[{"role":"user","content":"no answer"}]}""", "no assistant answer")]
    [InlineData("""{"text":"x"}""", ":1:")]
    public void BadLinesNameTheFileAndLine(string line, string expected)
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("bad.jsonl"), line + "\n");
        var e = Assert.Throws<InvalidDataException>(() => EvalRecord.ReadJsonl(dir.File("bad.jsonl")));
        Assert.Contains("bad.jsonl", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void EmptyDataIsAnError()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("empty.jsonl"), "\n");
        Assert.Throws<InvalidDataException>(() => EvalRecord.ReadJsonl(dir.File("empty.jsonl")));
        Assert.Throws<FileNotFoundException>(() => EvalRecord.ReadJsonl(dir.File("none.jsonl")));
    }
}
