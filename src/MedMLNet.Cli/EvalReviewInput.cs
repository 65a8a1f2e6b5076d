using System.Text.Json;
using MedMLNet.Evaluation.Review;

namespace MedMLNet.Cli;

/// <summary>Reads ANSWERS.jsonl for `review export`.</summary>
internal static class EvalReviewInput
{
    public static List<ReviewItem> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file '{path}' does not exist: pass --input ANSWERS.jsonl.", path);
        var items = new List<ReviewItem>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var e = JsonDocument.Parse(line).RootElement;
                var answers = e.GetProperty("answers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
                if (answers.Count == 0) throw new InvalidDataException("\"answers\" is empty");
                items.Add(new ReviewItem(e.GetProperty("id").ToString(), e.GetProperty("question").GetString() ?? "",
                    e.GetProperty("reference").GetString() ?? "", answers));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: expected {{\"id\",\"question\",\"reference\",\"answers\":{{\"system\":\"answer\"}}}} ({ex.Message}).", ex);
            }
        }
        if (items.Count == 0) throw new InvalidDataException($"{path} holds no items.");
        return items;
    }
}
