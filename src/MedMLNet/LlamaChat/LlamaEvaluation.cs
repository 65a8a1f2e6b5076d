using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Text;
using MedMLNet.Evaluation.WordNet;
using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.LlamaChat;

/// <summary>
/// What <c>mlContext.Llama.Evaluate</c> returns, like ML.NET's RegressionMetrics: corpus BLEU per language (sacrebleu),
/// mean sentence BLEU, ROUGE-1/2/L/Lsum F (rouge-score), METEOR (NLTK; null without WordNet) and, when the model is given,
/// the perplexity of the references.
/// </summary>
public sealed record LlamaMetrics(MetricsSummary Text, double? Perplexity)
{
    /// <summary>Mean sentence BLEU, 0–100.</summary>
    public double Bleu => Text.MeanBleu;

    /// <summary>ROUGE-L F1.</summary>
    public double RougeL => Text.RougeL.F;

    /// <summary>METEOR, or null when WordNet 3.0 was not found.</summary>
    public double? Meteor => Text.Meteor;
}

/// <summary>Scores a transformed IDataView: its reply column against its reference column.</summary>
internal static class LlamaEvaluation
{
    public static LlamaMetrics Evaluate(IDataView scored, string referenceColumn, string replyColumn, LlamaChatTransformer? model)
    {
        var reference = scored.Schema.GetColumnOrNull(referenceColumn) ?? throw new ArgumentOutOfRangeException(nameof(scored), $"No '{referenceColumn}' column (Text) with the reference answers.");
        var reply = scored.Schema.GetColumnOrNull(replyColumn) ?? throw new ArgumentOutOfRangeException(nameof(scored), $"No '{replyColumn}' column: transform the data with a Llama chat model first.");
        var references = scored.GetColumn<string>(reference).ToList();
        var replies = scored.GetColumn<string>(reply).ToList();
        var items = references.Select((r, i) => new EvalItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), replies[i] ?? "", [r ?? ""],
            (r ?? "").Any(c => c is >= '\u4e00' and <= '\u9fff') ? Language.Chinese : Language.English)).ToList();
        var wordnet = WordNetLocator.TryFind();
        var suite = new MetricSuite(wordnet is null ? null : WordNetLocator.Open(wordnet));
        var summary = MetricSuite.Summarize(items, suite.ScoreAll(items));
        double? perplexity = null;
        if (model is not null)
        {
            var conversations = ChatRows.Read(scored);
            perplexity = model.Engine.Score(conversations.Select((c, i) => (IReadOnlyList<ChatMessage>)[.. c, ChatMessage.Assistant(references[i] ?? "")]).ToList());
        }
        return new LlamaMetrics(summary, perplexity);
    }
}
