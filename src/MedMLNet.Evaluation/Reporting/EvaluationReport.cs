using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Review;
using MedMLNet.Evaluation.Robustness;
using MedMLNet.Evaluation.Stats;
using MedMLNet.IO;

namespace MedMLNet.Evaluation.Reporting;

/// <summary>
/// The evaluation a person reads: systems side by side (the first is the baseline the others are compared
/// to with a paired bootstrap), optional robustness drops and doctor-review summary. <see cref="WriteTo"/>
/// writes <c>metrics.json</c> and a self-contained <c>report.html</c>.
/// </summary>
public sealed class EvaluationReport(string title = "MedMLNet evaluation")
{
    private readonly List<SystemResult> systems = [];
    private readonly List<(string System, RobustnessResult Result)> robustness = [];

    /// <summary>Report title.</summary>
    public string Title => title;

    /// <summary>Systems in the order added (the first is the baseline).</summary>
    public IReadOnlyList<SystemResult> Systems => systems;

    /// <summary>Robustness results per system.</summary>
    public IReadOnlyList<(string System, RobustnessResult Result)> Robustness => robustness;

    private readonly List<(string Heading, string Html)> sections = [];

    /// <summary>Extra sections (e.g. training loss curves) shown after the metric charts, in order added.</summary>
    public IReadOnlyList<(string Heading, string Html)> Sections => sections;

    /// <summary>Adds a section: a heading and trusted HTML/SVG made by this library (e.g. <see cref="SvgCharts.Lines"/>).</summary>
    public EvaluationReport AddSection(string heading, string html)
    {
        sections.Add((heading, html));
        return this;
    }

    private readonly List<Mcq.McqBenchmark> mcq = [];

    /// <summary>Multiple-choice benchmark results, in the order added.</summary>
    public IReadOnlyList<Mcq.McqBenchmark> Mcq => mcq;

    /// <summary>Adds a multiple-choice benchmark's results (base first).</summary>
    public EvaluationReport AddMcq(Mcq.McqBenchmark benchmark)
    {
        mcq.Add(benchmark);
        return this;
    }

    /// <summary>The safety suite's results, if it was run.</summary>
    public Safety.SafetyReport? Safety { get; set; }

    /// <summary>The doctor-review summary, if any.</summary>
    public ReviewReport? Review { get; set; }

    /// <summary>Seed for the paired bootstrap comparisons.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Adds a system's results.</summary>
    public EvaluationReport Add(SystemResult system)
    {
        if (systems.Any(s => s.Name == system.Name)) throw new ArgumentException($"a system named '{system.Name}' is already in the report.");
        systems.Add(system);
        significance = null;
        return this;
    }

    /// <summary>Adds a robustness result for a system.</summary>
    public EvaluationReport AddRobustness(string system, RobustnessResult result)
    {
        robustness.Add((system, result));
        return this;
    }

    /// <summary>
    /// Per non-baseline system and metric, the paired-bootstrap CI of (system − baseline) over items with the
    /// same ids in both.
    /// </summary>
    public IReadOnlyList<(string System, string Metric, ConfidenceInterval Difference)> Comparisons()
    {
        var list = new List<(string, string, ConfidenceInterval)>();
        if (systems.Count < 2) return list;
        var baseline = systems[0];
        // Ids need not be unique (merged test sets): the first item of an id pairs with the first of the same id.
        var baseIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < baseline.Scores.Count; i++) baseIndex.TryAdd(baseline.Scores[i].Id, i);
        var baseValues = SystemResult.PerItem(baseline.Scores);
        foreach (var sys in systems.Skip(1))
        {
            var sameItems = sys.Scores.Select(s => s.Id).SequenceEqual(baseline.Scores.Select(s => s.Id), StringComparer.Ordinal);
            var pairs = sameItems
                ? Enumerable.Range(0, sys.Scores.Count).Select(i => (i, b: i)).ToList()
                : sys.Scores.Select((s, i) => (i, b: baseIndex.GetValueOrDefault(s.Id, -1))).Where(p => p.b >= 0).ToList();
            if (pairs.Count == 0) continue;
            foreach (var (metric, values) in SystemResult.PerItem(sys.Scores))
                if (baseValues.TryGetValue(metric, out var bv))
                    list.Add((sys.Name, metric, Bootstrap.PairedDifference(pairs.Select(p => bv[p.b]).ToList(), pairs.Select(p => values[p.i]).ToList(), seed: Seed)));
        }
        return list;
    }

    private IReadOnlyList<(string System, MetricComparison Comparison)>? significance;

    /// <summary>
    /// Per non-baseline system scored on the same items as the baseline, sacrebleu's paired bootstrap and approximate
    /// randomization p-values for every metric (corpus BLEU per language from its statistics, means of the rest). Seeded.
    /// </summary>
    public IReadOnlyList<(string System, MetricComparison Comparison)> Significance()
    {
        if (significance != null) return significance;
        var list = new List<(string, MetricComparison)>();
        if (systems.Count >= 2)
        {
            var baseline = systems[0];
            foreach (var sys in systems.Skip(1))
            {
                if (!sys.Items.Select(i => i.Id).SequenceEqual(baseline.Items.Select(i => i.Id), StringComparer.Ordinal)) continue;
                foreach (var c in SystemComparison.Compare(baseline.Items, baseline.Scores, sys.Items, sys.Scores, MetricOptions.Default, seed: Seed))
                    list.Add((sys.Name, c));
            }
        }
        return significance = list;
    }

    /// <summary>Writes metrics.json and report.html into <paramref name="directory"/> (atomically); returns their paths.</summary>
    public (string MetricsJson, string ReportHtml) WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "metrics.json");
        var html = Path.Combine(directory, "report.html");
        AtomicFile.WriteAllText(json, ReportJson.Render(this) + "\n");
        AtomicFile.WriteAllText(html, ReportHtml.Render(this));
        return (json, html);
    }
}
