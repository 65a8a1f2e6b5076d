using System.CommandLine;
using MedMLNet.Evaluation.IO;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet metrics --input PAIRS.jsonl --output SCORES.jsonl [--summary SUMMARY.json] [--no-stemmer]`.</summary>
internal sealed class MetricsVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "PAIRS.jsonl: {\"id\",\"hypothesis\",\"references\":[...],\"lang\":\"en\"|\"zh\"} a line.", Required = true };
        var output = new Option<string>("--output") { Description = "SCORES.jsonl to write: {\"id\",\"bleu\",\"rouge1\",\"rouge2\",\"rougeL\",\"rougeLsum\",\"meteor\"} a line.", Required = true };
        var summary = new Option<string?>("--summary") { Description = "SUMMARY.json to write: corpus BLEU per language and the means of the other metrics." };
        var noStemmer = new Option<bool>("--no-stemmer") { Description = "ROUGE without the Porter stemmer (rouge-score's use_stemmer=False)." };
        var wordnet = EvalOptions.WordNet();
        var cmd = new Command("metrics", "Score answers against references: sentence BLEU (sacrebleu), ROUGE-1/2/L/Lsum (rouge-score), METEOR (NLTK).\n\nExample:\n  medmlnet metrics --input pairs.jsonl --output scores.jsonl --summary summary.json")
            { input, output, summary, noStemmer, wordnet };
        cmd.SetAction(parse =>
        {
            var db = WordNetLocator.Open(parse.GetValue(wordnet));
            var result = MetricsRun.Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(summary), new MetricSuite(db, !parse.GetValue(noStemmer)));
            var s = result.Summary;
            Console.Error.WriteLine($"scored {result.Items} pairs ({result.PairsPerSecond:F0} pairs/s): " +
                string.Join("  ", s.CorpusBleu.Select(kv => $"corpus BLEU {kv.Key} {kv.Value.Score:F2}")) +
                $"  ROUGE-L F {s.RougeL.F:F4}  METEOR {s.Meteor:F4}");
            return 0;
        });
        return cmd;
    }
}
