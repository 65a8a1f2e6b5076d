using System.Text.Json;
using MedMLNet.IO;

namespace MedMLNet.Evaluation.Review;

/// <summary>
/// Writes a doctor review pack: <c>review.csv</c> and <c>review.html</c> (the same rows; answers blinded as A, B, ...,
/// items and answer order shuffled with a seed) and <c>review_key.json</c> (kept by the organiser to unblind).
/// </summary>
public static class ReviewPackExporter
{
    /// <summary>File names inside the pack folder.</summary>
    public const string CsvName = "review.csv", HtmlName = "review.html", KeyName = "review_key.json";

    /// <summary>Writes the pack into <paramref name="directory"/>; returns the key rows.</summary>
    public static IReadOnlyList<ReviewKeyRow> Export(IReadOnlyList<ReviewItem> items, string directory, int seed = 12345, string title = "MedMLNet doctor review")
    {
        if (items.Count == 0) throw new ArgumentException("the review pack needs at least one item.");
        var rng = new Random(seed);
        var order = items.ToArray();
        rng.Shuffle(order);
        var key = new List<ReviewKeyRow>();
        var rows = new List<(ReviewKeyRow Key, ReviewItem Item, string Answer)>();
        foreach (var item in order)
        {
            var systems = item.Answers.Keys.Order(StringComparer.Ordinal).ToArray();
            rng.Shuffle(systems);
            for (var i = 0; i < systems.Length; i++)
            {
                var k = new ReviewKeyRow($"R{key.Count + 1:D4}", item.Id, systems[i], ((char)('A' + i % 26)).ToString() + (i >= 26 ? (i / 26).ToString() : ""));
                key.Add(k);
                rows.Add((k, item, item.Answers[systems[i]]));
            }
        }
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllLines(Path.Combine(directory, CsvName),
            rows.Select(r => Csv.FormatRow([r.Key.RowId, r.Item.Question, r.Item.Reference, r.Key.Label, r.Answer, "", "", "", "", "", ""]))
                .Prepend(Csv.FormatRow(Rubric.CsvHeader)));
        AtomicFile.WriteAllText(Path.Combine(directory, HtmlName), ReviewFormHtml.Render(title, rows.Select(r => (r.Key.RowId, r.Item.Question, r.Item.Reference, r.Key.Label, r.Answer)).ToList()));
        AtomicFile.WriteAllText(Path.Combine(directory, KeyName), JsonSerializer.Serialize(new
        {
            seed,
            rows = key.Select(k => new { row_id = k.RowId, item_id = k.ItemId, system = k.System, label = k.Label }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return key;
    }

    /// <summary>Reads a key file written by <see cref="Export"/>.</summary>
    public static List<ReviewKeyRow> ReadKey(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Review key '{path}' does not exist: pass the {KeyName} written by `medmlnet review export`.", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => new ReviewKeyRow(
                r.GetProperty("row_id").GetString()!, r.GetProperty("item_id").GetString()!,
                r.GetProperty("system").GetString()!, r.GetProperty("label").GetString()!)).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"Review key '{path}' is not a key file written by `medmlnet review export` ({e.Message}).", e);
        }
    }
}
