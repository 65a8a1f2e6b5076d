using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.Robustness;

/// <summary>How much each metric dropped under one perturbation (clean minus perturbed; positive = worse).</summary>
/// <param name="Kind">The perturbation.</param>
/// <param name="Clean">Metrics on clean inputs.</param>
/// <param name="Perturbed">Metrics on perturbed inputs.</param>
public sealed record RobustnessResult(Perturbation Kind, MetricsSummary Clean, MetricsSummary Perturbed)
{
    /// <summary>Metric name → drop (bleu in 0–100 points, the rest as 0–1 F/score).</summary>
    public IReadOnlyDictionary<string, double> Drops => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["bleu"] = Clean.MeanBleu - Perturbed.MeanBleu,
        ["rouge1"] = Clean.Rouge1.F - Perturbed.Rouge1.F,
        ["rouge2"] = Clean.Rouge2.F - Perturbed.Rouge2.F,
        ["rougeL"] = Clean.RougeL.F - Perturbed.RougeL.F,
        ["rougeLsum"] = Clean.RougeLsum.F - Perturbed.RougeLsum.F,
        ["meteor"] = (Clean.Meteor ?? 0) - (Perturbed.Meteor ?? 0),
    };
}
