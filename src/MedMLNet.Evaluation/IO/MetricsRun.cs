using System.Diagnostics;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.IO;

namespace MedMLNet.Evaluation.IO;

/// <summary>What <c>medmlnet metrics</c> does, as a library call: read pairs, score, write SCORES.jsonl (+ summary).</summary>
public static class MetricsRun
{
    /// <summary>Result of a run.</summary>
    /// <param name="Items">Items scored.</param>
    /// <param name="Summary">The aggregate.</param>
    /// <param name="PairsPerSecond">Throughput of the scoring step (the perf hook).</param>
    public sealed record Result(int Items, MetricsSummary Summary, double PairsPerSecond);

    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/> (and <paramref name="summaryPath"/> if given), atomically.</summary>
    public static Result Run(string input, string output, string? summaryPath, MetricSuite suite)
    {
        var items = PairsFile.Read(input);
        var sw = Stopwatch.StartNew();
        var scores = suite.ScoreAll(items);
        var seconds = sw.Elapsed.TotalSeconds;
        AtomicFile.WriteAllLines(output, scores.Select(s => MetricsJson.ScoreLine(s, suite.Options.Metrics)));
        var summary = suite.Aggregate(items, scores);
        if (summaryPath != null) AtomicFile.WriteAllText(summaryPath, MetricsJson.Summary(summary) + "\n");
        return new Result(items.Count, summary, items.Count / Math.Max(seconds, 1e-9));
    }
}
