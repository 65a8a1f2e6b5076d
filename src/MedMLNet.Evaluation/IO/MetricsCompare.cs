using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Evaluation.Stats;
using MedMLNet.IO;

namespace MedMLNet.Evaluation.IO;

/// <summary>
/// What <c>medmlnet metrics compare</c> does: score two PAIRS.jsonl files (a baseline A and a system B, the same ids
/// and references) and test each metric's difference with sacrebleu's paired bootstrap and approximate randomization.
/// </summary>
public static class MetricsCompare
{
    /// <summary>Reads, pairs by id, scores and compares; writes the JSON to <paramref name="output"/> when given and returns it.</summary>
    public static (IReadOnlyList<MetricComparison> Comparisons, string Json) Run(string pathA, string pathB, MetricSuite suite, string? output = null,
        int bootstrapSamples = PairedSignificance.BootstrapSamples, int randomizationTrials = PairedSignificance.RandomizationTrials)
    {
        var a = PairsFile.Read(pathA);
        var bById = PairsFile.Read(pathB).ToDictionary(i => i.Id, StringComparer.Ordinal);
        if (bById.Count != a.Count || a.Any(i => !bById.ContainsKey(i.Id)))
            throw new InvalidDataException($"{pathA} and {pathB} must hold the same ids (A has {a.Count}, B has {bById.Count}); a paired test compares two systems on the same items.");
        var b = a.Select(i => bById[i.Id]).ToList();
        foreach (var (x, y) in a.Zip(b))
            if (!x.References.SequenceEqual(y.References, StringComparer.Ordinal) || x.Lang != y.Lang)
                throw new InvalidDataException($"{pathB}: item '{x.Id}' has other references or another lang than in {pathA}; both systems must be scored against the same references.");
        var comparisons = SystemComparison.Compare(a, suite.ScoreAll(a), b, suite.ScoreAll(b), suite.Options, bootstrapSamples, randomizationTrials, suite.Options.Seed);
        var json = MetricsJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("a", pathA);
            w.WriteString("b", pathB);
            w.WriteNumber("items", a.Count);
            w.WriteNumber("seed", suite.Options.Seed);
            w.WriteStartObject("metrics");
            foreach (var c in comparisons)
            {
                w.WriteStartObject(c.Metric);
                Review.ReviewReportJson.Num(w, "a", c.Baseline);
                Review.ReviewReportJson.Num(w, "b", c.System);
                Review.ReviewReportJson.Num(w, "delta", c.System - c.Baseline);
                w.WriteStartObject("paired_bootstrap");
                Review.ReviewReportJson.Num(w, "p_value", c.Bootstrap.PValue);
                w.WriteNumber("resamples", c.Bootstrap.Samples);
                if (c.Bootstrap.SystemCi is { } ci) { w.WritePropertyName("b_ci"); Review.ReviewReportJson.WriteCi(w, ci); }
                w.WriteEndObject();
                w.WriteStartObject("approximate_randomization");
                Review.ReviewReportJson.Num(w, "p_value", c.Randomization.PValue);
                w.WriteNumber("trials", c.Randomization.Samples);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }, indented: true);
        if (output != null) AtomicFile.WriteAllText(output, json + "\n");
        return (comparisons, json);
    }
}
