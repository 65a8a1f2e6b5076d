using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>The metric goldens in ../shared/fixtures/metrics (sacrebleu 2.6.0, rouge-score, NLTK 3.8 METEOR).</summary>
public static class Golden
{
    /// <summary>Tolerance the fixture README asks for.</summary>
    public const double Tolerance = 1e-6;

    private static readonly Lazy<Dictionary<string, JsonElement>> lines = new(() =>
        File.ReadLines(RepoPaths.Fixture("metrics", "golden.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToDictionary(e => e.GetProperty("id").GetString()!));

    /// <summary>Every golden line by id.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Lines => lines.Value;

    /// <summary>corpus.json.</summary>
    public static JsonElement Corpus => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("metrics", "corpus.json"))).RootElement.Clone();

    /// <summary>The ids, for xunit theories (one test per line).</summary>
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in Lines.Keys.Order(StringComparer.Ordinal)) data.Add(id);
        return data;
    }

    public static string Hypothesis(this JsonElement e) => e.GetProperty("hypothesis").GetString()!;
    public static string Lang(this JsonElement e) => e.TryGetProperty("lang", out var l) ? l.GetString()! : "en";
    public static List<string> References(this JsonElement e) => e.GetProperty("references").EnumerateArray().Select(r => r.GetString()!).ToList();
}
