namespace MedMLNet.Evaluation.Review;

/// <summary>Reads reviewers' filled sheets (CSV from review.csv or the HTML form) and unblinds them with the key.</summary>
public static class ReviewImporter
{
    /// <summary>
    /// All ratings from <paramref name="sheets"/>. The reviewer is the sheet's "reviewer" column, or else the
    /// file name without extension. Blank scores are missing; scores must be whole numbers 1–5.
    /// </summary>
    /// <exception cref="InvalidDataException">A sheet is malformed (message names file, line and fix).</exception>
    public static List<ReviewRating> Import(IReadOnlyList<ReviewKeyRow> key, IEnumerable<string> sheets)
    {
        var byRow = key.ToDictionary(k => k.RowId, StringComparer.Ordinal);
        var ratings = new List<ReviewRating>();
        var seen = new HashSet<(string, string)>();
        foreach (var path in sheets)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"Review sheet '{path}' does not exist.", path);
            var rows = Csv.Parse(File.ReadAllText(path), path);
            if (rows.Count == 0) throw new InvalidDataException($"{path}: the sheet is empty; expected the header {string.Join(',', Rubric.CsvHeader)}.");
            var header = rows[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
            int Col(string name) => header.IndexOf(name);
            foreach (var required in new[] { "row_id", "fluency", "accuracy", "safety" })
                if (Col(required) < 0) throw new InvalidDataException($"{path}: column '{required}' is missing; keep the header row of review.csv.");
            var fallbackReviewer = Path.GetFileNameWithoutExtension(path);
            foreach (var (line, f) in rows.Skip(1))
            {
                string Get(string name) => Col(name) is var c and >= 0 && c < f.Count ? f[c].Trim() : "";
                var rowId = Get("row_id");
                if (rowId.Length == 0) continue;
                if (!byRow.TryGetValue(rowId, out var k))
                    throw new InvalidDataException($"{path}:{line}: row_id '{rowId}' is not in the review key; was the sheet made from a different pack?");
                var reviewer = Get("reviewer") is { Length: > 0 } r ? r : fallbackReviewer;
                if (!seen.Add((reviewer, rowId)))
                    throw new InvalidDataException($"{path}:{line}: reviewer '{reviewer}' rated row {rowId} twice; keep one row per answer (or give each sheet its own reviewer name).");
                var scores = new Dictionary<string, int?>();
                foreach (var c in Rubric.Criteria)
                {
                    var s = Get(c);
                    if (s.Length == 0) { scores[c] = null; continue; }
                    if (!int.TryParse(s, out var v) || v < Rubric.Min || v > Rubric.Max)
                        throw new InvalidDataException($"{path}:{line}: {c} '{s}' must be a whole number {Rubric.Min}–{Rubric.Max} (or blank).");
                    scores[c] = v;
                }
                var unsafeText = Get("unsafe").ToLowerInvariant();
                var isUnsafe = unsafeText is "yes" or "y" or "true" or "1" or "x" or "unsafe";
                ratings.Add(new ReviewRating(reviewer, rowId, k.ItemId, k.System, scores, isUnsafe, Get("comments")));
            }
        }
        return ratings;
    }
}
