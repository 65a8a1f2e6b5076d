using System.CommandLine;
using MedMLNet.Evaluation.Review;
using MedMLNet.IO;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet review export --input ANSWERS.jsonl --output DIR [--seed N]` and
/// `medmlnet review import --key review_key.json --sheets A.csv B.csv ... [--output REVIEW.json]`.
/// </summary>
internal sealed class ReviewVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "ANSWERS.jsonl: {\"id\",\"question\",\"reference\",\"answers\":{\"system\":\"answer\",...}} a line.", Required = true };
        var outDir = new Option<string>("--output") { Description = "Folder for review.csv, review.html and review_key.json.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Shuffle seed (items and answer order).", DefaultValueFactory = _ => 12345 };
        var export = new Command("export", "Write a blinded, shuffled review pack (CSV + self-contained HTML form) and its unblinding key.") { input, outDir, seed };
        export.SetAction(parse =>
        {
            var items = EvalReviewInput.Read(parse.GetValue(input)!);
            var key = ReviewPackExporter.Export(items, parse.GetValue(outDir)!, parse.GetValue(seed));
            Console.Error.WriteLine($"review pack: {key.Count} answers for {items.Count} questions in {parse.GetValue(outDir)} (keep {ReviewPackExporter.KeyName} away from reviewers)");
            return 0;
        });

        var keyOpt = new Option<string>("--key") { Description = "review_key.json from `review export`.", Required = true };
        var sheets = new Option<string[]>("--sheets") { Description = "Filled review sheets (CSV), one per reviewer.", Required = true, AllowMultipleArgumentsPerToken = true };
        var report = new Option<string?>("--output") { Description = "Write the review report as JSON here." };
        var import = new Command("import", "Read reviewers' sheets, unblind them, and report means with CIs, agreement (Cohen, Fleiss, Krippendorff) and unsafe answers.") { keyOpt, sheets, report };
        import.SetAction(parse =>
        {
            var ratings = ReviewImporter.Import(ReviewPackExporter.ReadKey(parse.GetValue(keyOpt)!), parse.GetValue(sheets)!);
            if (ratings.Count == 0) throw new InvalidDataException("the sheets hold no ratings; check that reviewers filled the fluency/accuracy/safety columns.");
            var rep = ReviewReport.Build(ratings);
            if (parse.GetValue(report) is { } path) AtomicFile.WriteAllText(path, ReviewReportJson.ToJson(rep) + "\n");
            Console.Write(ReviewReportJson.ToText(rep));
            return 0;
        });
        return new Command("review", "Doctor review: export a blinded pack, import filled sheets.\n\nExamples:\n  medmlnet review export --input answers.jsonl --output runs/review\n  medmlnet review import --key runs/review/review_key.json --sheets dr_li.csv dr_wang.csv --output runs/review/report.json") { export, import };
    }
}
