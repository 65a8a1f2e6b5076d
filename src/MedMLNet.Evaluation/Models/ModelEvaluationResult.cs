using MedMLNet.Evaluation.Reporting;
using MedMLNet.Llama.Generation;

namespace MedMLNet.Evaluation.Models;

/// <summary>One generated answer beside its reference.</summary>
public sealed record Prediction(string Id, string Source, string Lang, string Question, string Reference, string Answer, FinishReason FinishReason,
    int PromptTokens, int AnswerTokens, double ReferenceNll, int ReferenceTokens, char? ChosenLetter = null, char? LikeliestOption = null);

/// <summary>
/// A system's evaluation: text metrics with bootstrap CIs (<see cref="System"/>, whose Extra holds "perplexity" and,
/// for multiple-choice data, "mcq_accuracy_letter" and "mcq_accuracy_loglik"), and the per-item predictions.
/// </summary>
public sealed record ModelEvaluationResult(SystemResult System, IReadOnlyList<Prediction> Predictions)
{
    public double Perplexity => System.Extra.GetValueOrDefault("perplexity", double.NaN);
}
