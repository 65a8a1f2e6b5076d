using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MedMLNet.Data;

namespace MedMLNet.Data.Tests;

/// <summary>FsCheck properties: cleaning idempotent, redaction spans valid, splits disjoint/covering/group-pure/deterministic.</summary>
public class PropertyTests
{
    private static readonly TextCleaner Cleaner = new();
    private static readonly PhiRedactor Redactor = new();

    private static readonly string[] Fragments =
    [
        "&amp;quot;", "&lt;b&gt;", "<b>", "</p>", "<br/>", " ", "  ", "\t", "\r\n", "\n\n\n", "\u200B", "\u0007", "，", "。", "？", "：",
        "／", "ＡＢ", "１２", "m²", "½", "㎎", "Hi, thanks for using ChatDoctor.", "Hope this helps.", "祝您早日康复", "感谢您的咨询，",
        "期望我的解释对你有所帮助。", "您好，", "血压", "120/80", "500 mg", "asthma", "What is it?", "高血压", "Take care.", "a", "。。", ",", ".",
        "Dr. Smith", "555-123-4567", "13812345678", "x@y.com", "2021年3月15日", "March 3, 2020", "92岁", "\"", "'", "–",
    ];

    private static Arbitrary<string> Texts() =>
        Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property CleaningIsIdempotentOnMixedFragments() =>
        Prop.ForAll(Texts(), text =>
        {
            var once = Cleaner.Clean(text);
            return Cleaner.Clean(once) == once;
        });

    [Property(MaxTest = 300)]
    public bool CleaningIsIdempotentOnArbitraryStrings(string? text)
    {
        var once = Cleaner.Clean(text ?? "");
        return Cleaner.Clean(once) == once;
    }

    [Property(MaxTest = 300)]
    public Property RedactionSpansAreValidAndRebuildTheText() =>
        Prop.ForAll(Texts(), text =>
        {
            var result = Redactor.Redact(text);
            var sb = new StringBuilder();
            var at = 0;
            foreach (var s in result.Spans)
            {
                if (s.Start < at || s.End <= s.Start || s.End > text.Length) return false;
                sb.Append(text, at, s.Start - at).Append(s.Type.Placeholder());
                at = s.End;
            }
            sb.Append(text, at, text.Length - at);
            return sb.ToString() == result.Text;
        });

    [Property(MaxTest = 200)]
    public Property PlantedIdentifiersAreGone() =>
        Prop.ForAll(Texts(), Gen.Elements("x@y.com", "555-123-4567", "13812345678").ToArbitrary(), (text, id) =>
        {
            var result = Redactor.Redact(text.Replace(id, "") + " " + id + " ");
            return !result.Text.Contains(id);
        });

    private static Arbitrary<(int Source, int Question, int? Conversation)[]> Items() =>
        Gen.Choose(0, 2).SelectMany(s => Gen.Choose(0, 25).SelectMany(q => Gen.Choose(-8, 8).Select(c => (s, q, c < 0 ? (int?)null : c))))
            .ArrayOf().ToArbitrary();

    private static List<DialogueRecord> Records((int Source, int Question, int? Conversation)[] items) =>
        items.Select((it, i) => DialogueRecord.QuestionAnswer($"r{i}", $"src{it.Source}", $"Question number {it.Question}?", "answer") with
        {
            ConversationId = it.Conversation?.ToString(),
        }).ToList();

    [Property(MaxTest = 200)]
    public Property SplitsAreDisjointCoveringGroupPureAndDeterministic() =>
        Prop.ForAll(Items(), Gen.Choose(0, 1000).ToArbitrary(), (items, seed) =>
        {
            var records = Records(items);
            var splitter = new DatasetSplitter(new SplitOptions { Seed = seed });
            var a = splitter.Assign(records);
            var b = splitter.Assign(records);
            if (a.Length != records.Count || !a.SequenceEqual(b)) return false;
            // Every key (question or conversation) lives in exactly one split.
            var byKey = new Dictionary<string, SplitName>();
            for (var i = 0; i < records.Count; i++)
                foreach (var key in SplitGroups.KeysOf(records[i]))
                {
                    if (byKey.TryGetValue(key, out var s) && s != a[i]) return false;
                    byKey[key] = a[i];
                }
            return a.All(s => Enum.IsDefined(s));
        });

    [Fact]
    public void SplitSizesFollowTheFractionsPerSource()
    {
        var records = Enumerable.Range(0, 1000).Select(i => DialogueRecord.QuestionAnswer($"r{i}", i % 2 == 0 ? "a" : "b", $"question {i}", "x")).ToList();
        var splits = new DatasetSplitter(new SplitOptions { Train = 0.8, Validation = 0.1, Test = 0.1, Seed = 7 }).Assign(records);
        foreach (var source in new[] { "a", "b" })
        {
            var mine = records.Select((r, i) => (r, s: splits[i])).Where(x => x.r.Source == source).ToList();
            Assert.Equal(400, mine.Count(x => x.s == SplitName.Train));
            Assert.Equal(50, mine.Count(x => x.s == SplitName.Validation));
            Assert.Equal(50, mine.Count(x => x.s == SplitName.Test));
        }
        var other = new DatasetSplitter(new SplitOptions { Seed = 8 }).Assign(records);
        Assert.False(splits.SequenceEqual(other)); // the seed matters
    }

    [Fact]
    public void SameNormalizedQuestionNeverStraddles()
    {
        var records = new[]
        {
            DialogueRecord.QuestionAnswer("1", "s", "What is Asthma ?", "a"),
            DialogueRecord.QuestionAnswer("2", "s", "what is asthma?", "b"),
        }.Concat(Enumerable.Range(0, 50).Select(i => DialogueRecord.QuestionAnswer($"x{i}", "s", $"other {i}", "c"))).ToList();
        for (var seed = 0; seed < 20; seed++)
        {
            var splits = new DatasetSplitter(new SplitOptions { Seed = seed }).Assign(records);
            Assert.Equal(splits[0], splits[1]);
        }
    }

    [Theory]
    [InlineData("0.8,0.1,0.1", 0.8, 0.1, 0.1)]
    [InlineData("0.9,0.1", 0.9, 0.1, 0.0)]
    public void SplitSpecParses(string spec, double train, double validation, double test)
    {
        var o = SplitOptions.Parse(spec);
        Assert.Equal((train, validation, test), (o.Train, o.Validation, Math.Round(o.Test, 10)));
    }

    [Theory]
    [InlineData("0.8,0.3,0.1")]
    [InlineData("a,b,c")]
    [InlineData("0,0.5,0.5")]
    public void BadSplitSpecsAreRejected(string spec) => Assert.Throws<ArgumentException>(() => SplitOptions.Parse(spec));
}
