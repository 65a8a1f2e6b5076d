namespace MedMLNet.Evaluation.Metrics;

/// <summary>One thing to score: a model's answer and its reference answers.</summary>
/// <param name="Id">Stable item id.</param>
/// <param name="Hypothesis">The model's answer.</param>
/// <param name="References">Reference answers (at least one); every metric uses all of them as its reference tool does.</param>
/// <param name="Lang">"en" (default) or "zh".</param>
public sealed record EvalItem(string Id, string Hypothesis, IReadOnlyList<string> References, string Lang = "en");

/// <summary>Per-item metric scores.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Lang">"en" or "zh".</param>
/// <param name="Bleu">Sentence BLEU (0–100) with its parts.</param>
/// <param name="Rouge">ROUGE-1/2/L/Lsum, per type the best reference (rouge-score's score_multi).</param>
/// <param name="Meteor">METEOR 0–1, or null when no WordNet was given.</param>
/// <param name="Chrf">Sentence chrF (0–100), or null when not asked for.</param>
/// <param name="Ter">Sentence TER (0–100), or null when not asked for.</param>
public sealed record ItemScores(string Id, string Lang, BleuScore Bleu, RougeScore Rouge, double? Meteor, ChrfScore? Chrf = null, TerScore? Ter = null);
