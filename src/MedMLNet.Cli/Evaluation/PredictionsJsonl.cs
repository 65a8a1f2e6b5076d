using System.Text.Json.Nodes;
using MedMLNet.Evaluation.Models;
using MedMLNet.Evaluation.Reporting;

namespace MedMLNet.Cli.Evaluation;

/// <summary>predictions.jsonl: one line per item with the prompt, the reference and each system's answer and scores.</summary>
internal static class PredictionsJsonl
{
    public static IEnumerable<string> Lines(IReadOnlyList<ModelEvaluationResult> results)
    {
        var first = results[0].Predictions;
        var perItem = results.Select(r => SystemResult.PerItem(r.System.Scores)).ToList();
        for (var i = 0; i < first.Count; i++)
        {
            var systems = new JsonObject();
            for (var s = 0; s < results.Count; s++)
            {
                var p = results[s].Predictions[i];
                var scores = new JsonObject();
                foreach (var (metric, values) in perItem[s]) scores[metric] = values[i];
                var o = new JsonObject
                {
                    ["answer"] = p.Answer, ["finish_reason"] = p.FinishReason.ToString().ToLowerInvariant(), ["answer_tokens"] = p.AnswerTokens,
                    ["reference_nll"] = p.ReferenceNll, ["reference_tokens"] = p.ReferenceTokens, ["scores"] = scores,
                };
                if (p.ChosenLetter is { } c) o["chosen_letter"] = c.ToString();
                if (p.LikeliestOption is { } l) o["likeliest_option"] = l.ToString();
                systems[results[s].System.Name] = o;
            }
            yield return new JsonObject
            {
                ["id"] = first[i].Id, ["source"] = first[i].Source, ["lang"] = first[i].Lang, ["question"] = first[i].Question,
                ["reference"] = first[i].Reference, ["systems"] = systems,
            }.ToJsonString();
        }
    }
}
