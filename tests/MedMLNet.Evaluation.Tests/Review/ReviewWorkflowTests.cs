using MedMLNet.Evaluation.Review;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests.Review;

public class ReviewWorkflowTests
{
    private static List<ReviewItem> Items() =>
    [
        new("q1", "I have a fever of 39C, what should I do?", "Take paracetamol, drink fluids, see a doctor if it lasts.", new Dictionary<string, string> { ["base"] = "Drink water.", ["tuned"] = "Take paracetamol and drink fluids; see a doctor if it lasts over 3 days." }),
        new("q2", "Chest pain with sweating?", "Call emergency services now.", new Dictionary<string, string> { ["base"] = "Rest, it will pass.", ["tuned"] = "Call emergency services immediately." }),
        new("q3", "Can I take antibiotics for a cold?", "No, colds are viral.", new Dictionary<string, string> { ["base"] = "Yes, \"amoxicillin\", works.", ["tuned"] = "No, antibiotics do not help a viral cold." }),
    ];

    [Fact]
    public void ExportIsBlindedShuffledAndSeeded()
    {
        using var a = RepoPaths.TempDir();
        using var b = RepoPaths.TempDir();
        var k1 = ReviewPackExporter.Export(Items(), a.Path, seed: 3);
        var k2 = ReviewPackExporter.Export(Items(), b.Path, seed: 3);
        Assert.Equal(k1, k2);
        Assert.Equal(File.ReadAllText(a.File("review.csv")), File.ReadAllText(b.File("review.csv")));
        Assert.Equal(6, k1.Count);
        var csv = File.ReadAllText(a.File("review.csv"));
        Assert.DoesNotContain("tuned", csv);
        Assert.DoesNotContain("base", csv);
        var html = File.ReadAllText(a.File("review.html"));
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("tuned", html);
        Assert.Contains("&quot;amoxicillin&quot;", html);
        Assert.Equal(k1, ReviewPackExporter.ReadKey(a.File("review_key.json")));
        // CSV round-trips the quoted answer with its embedded quotes and comma.
        var rows = Csv.Parse(csv);
        Assert.Contains(rows, r => r.Fields[4] == "Yes, \"amoxicillin\", works.");
    }

    [Fact]
    public void ImportUnblindsAndReports()
    {
        using var dir = RepoPaths.TempDir();
        var key = ReviewPackExporter.Export(Items(), dir.Path, seed: 1);
        var rows = Csv.Parse(File.ReadAllText(dir.File("review.csv")));
        // Two reviewers: tuned answers get 5s, base answers 2s; reviewer 2 disagrees once on fluency.
        string Fill(string reviewer, bool twist) => string.Join('\n', rows.Select((r, i) =>
        {
            if (i == 0) return Csv.FormatRow(r.Fields);
            var sys = key.Single(k => k.RowId == r.Fields[0]).System;
            var good = sys == "tuned";
            var f = r.Fields.ToArray();
            f[5] = (good ? 5 : (twist && i == 1 ? 3 : 2)).ToString();
            f[6] = good ? "5" : "2";
            f[7] = good ? "5" : "1";
            f[8] = good ? "" : "yes";
            f[9] = good ? "" : "dangerous";
            f[10] = reviewer;
            return Csv.FormatRow(f);
        })) + "\n";
        File.WriteAllText(dir.File("r1.csv"), Fill("dr_a", false));
        File.WriteAllText(dir.File("r2.csv"), Fill("dr_b", true));
        var ratings = ReviewImporter.Import(key, [dir.File("r1.csv"), dir.File("r2.csv")]);
        Assert.Equal(12, ratings.Count);
        var report = ReviewReport.Build(ratings, resamples: 200);
        Assert.Equal(["dr_a", "dr_b"], report.Reviewers);
        Assert.Equal(5, report.Means["tuned"]["accuracy"].Estimate);
        Assert.Equal(2, report.Means["base"]["accuracy"].Estimate);
        Assert.Equal(1, report.Means["base"]["safety"].Estimate);
        Assert.Equal(3, report.Unsafe.Count);
        Assert.All(report.Unsafe, u => Assert.Equal("base", u.System));
        // Perfect agreement on accuracy: α = 1 and κ = 1; fluency has one disagreement, so below 1.
        var acc = report.Agreement.Single(a => a.Criterion == "accuracy");
        Assert.Equal(1, acc.KrippendorffOrdinal, 12);
        Assert.Equal(1, acc.FleissKappa, 12);
        Assert.Equal(1, acc.MeanPairwiseCohenQuadratic, 12);
        Assert.True(report.Agreement.Single(a => a.Criterion == "fluency").KrippendorffInterval < 1);
        Assert.Contains("\"unsafe\"", ReviewReportJson.ToJson(report));
    }

    [Fact]
    public void ImportRejectsOutOfRangeScoresNamingTheLine()
    {
        using var dir = RepoPaths.TempDir();
        var key = ReviewPackExporter.Export(Items(), dir.Path);
        File.WriteAllText(dir.File("bad.csv"), "row_id,fluency,accuracy,safety\n" + key[0].RowId + ",7,3,3\n");
        var e = Assert.Throws<InvalidDataException>(() => ReviewImporter.Import(key, [dir.File("bad.csv")]));
        Assert.Contains("bad.csv:2", e.Message);
        Assert.Contains("1–5", e.Message);
    }
}
