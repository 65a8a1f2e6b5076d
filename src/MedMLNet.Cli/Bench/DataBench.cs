using System.Diagnostics;
using System.Text.Json.Nodes;
using MedMLNet.Data;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.WordNet;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Bench;

/// <summary>
/// The data side of `medmlnet bench --data`: tokenizer tokens/s, `prepare` records/s and metric pairs/s (BLEU, ROUGE,
/// METEOR) on the bundled ChatDoctor sample, with NLTK's <c>meteor_score</c> (the reference our METEOR matches) timed on
/// the same pairs and the same WordNet 3.0 by scripts/data_peer.py when a Python with NLTK is given (and sacrebleu's
/// sentence BLEU and rouge-score's RougeScorer when that Python can import them), and the tokenizer
/// against the Rust cores of Hugging Face tokenizers and tiktoken (<see cref="TokenizerComparison"/>) when Node is given.
/// </summary>
internal static class DataBench
{
    private const string Sample = "data/chatdoctor/chatdoctor5k-sample.json";

    /// <summary>The repository root at or above <paramref name="start"/> (the folder holding the bundled data).</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Sample))) return dir.FullName;
        throw new CliUserException($"'{Sample}' not found at or above '{start}': run `medmlnet bench --data` inside the repository (it reads the bundled data).");
    }

    public static JsonObject Run(string root, string? python, string? node, double seconds, TextWriter log)
    {
        var chatDoctor = Path.Combine(root, Sample);
        var records = DatasetReader.Create(chatDoctor).Read(chatDoctor, new ReadDiagnostics()).ToList();
        var answers = records.Select(r => r.Answer).Where(a => a.Length > 0).ToList();
        // Pairs of different answers to the same kind of question: realistic lengths and partial overlap.
        var pairs = answers.Select((a, i) => new EvalItem($"p{i}", a, [answers[(i + 1) % answers.Count]])).Take(200).ToList();
        var result = new JsonObject { ["input"] = "data/chatdoctor/chatdoctor5k-sample.json", ["pairs"] = pairs.Count };

        var tokenizer = Llama3Tokenizer.FromPretrained(Path.Combine(root, "data", "models", "tiny-med-llama3"));
        var texts = records.Select(r => r.AllText).ToList();
        result["tokenizer_tokens_per_second"] = BenchRate.Measure(seconds, () => texts.Sum(t => (long)tokenizer.Encode(t).Length));
        if (node is not null) result["tokenizer_peers"] = TokenizerComparison.Run(root, new NodePeerSetup(root, node), texts, seconds, log);

        using (var tmp = new TempFolder())
            result["prepare_records_per_second"] = BenchRate.Measure(seconds, () =>
            {
                var report = PreparePipeline.Run(new PrepareOptions { InputPath = chatDoctor, OutputDirectory = tmp.Path, Redact = true });
                return report.Read.RecordsRead;
            });

        result["bleu_mean"] = pairs.Average(p => Bleu.Sentence(p.Hypothesis, p.References).Score);
        result["bleu_pairs_per_second"] = BenchRate.Measure(seconds, () => { foreach (var p in pairs) Bleu.Sentence(p.Hypothesis, p.References); return pairs.Count; });
        result["rougeL_f_mean"] = pairs.Average(p => Rouge.Score(p.Hypothesis, p.References[0]).RougeL.F);
        result["rouge_pairs_per_second"] = BenchRate.Measure(seconds, () => { foreach (var p in pairs) Rouge.Score(p.Hypothesis, p.References[0]); return pairs.Count; });
        var wordnetDir = WordNetLocator.TryFind();
        if (wordnetDir is null)
        {
            log.WriteLine($"bench --data: METEOR skipped, no WordNet 3.0. {WordNetLocator.HowToInstall}");
            return result;
        }
        var meteor = new Meteor(WordNetLocator.Open(wordnetDir));
        result["meteor_mean"] = pairs.Average(p => meteor.Score(p.Hypothesis, p.References));
        result["meteor_pairs_per_second"] = BenchRate.Measure(seconds, () => { foreach (var p in pairs) meteor.Score(p.Hypothesis, p.References); return pairs.Count; });
        if (python is not null) result["peer"] = Peer(python, root, wordnetDir, pairs, seconds, result);
        return result;
    }

    private static JsonObject Peer(string python, string root, string wordnetDir, List<EvalItem> pairs, double seconds, JsonObject ours)
    {
        using var tmp = new TempFolder();
        var input = Path.Combine(tmp.Path, "pairs.jsonl");
        File.WriteAllLines(input, pairs.Select(p => new JsonObject { ["hyp"] = p.Hypothesis, ["ref"] = p.References[0] }.ToJsonString()));
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "scripts", "data_peer.py"), "--pairs", input, "--wordnet", wordnetDir, "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
        process.WaitForExit();
        if (process.ExitCode != 0) throw new CliUserException($"the NLTK peer failed ({stderr.Result.Trim().Split('\n')[^1]}); install it with `apt-get install python3-nltk` or drop --peer.");
        var peer = JsonNode.Parse(line)!.AsObject();
        Compare(peer, ours, "meteor", "meteor_mean");
        Compare(peer, ours, "rouge", "rougeL_f_mean");   // when that Python can import rouge-score
        Compare(peer, ours, "bleu", "bleu_mean");        // when it can import sacrebleu
        return peer;
    }

    /// <summary>Ours ÷ the peer's <c>{metric}_pairs_per_second</c> and |ours − theirs| of the mean score, when the peer timed that metric.</summary>
    private static void Compare(JsonObject peer, JsonObject ours, string metric, string meanKey)
    {
        if (peer[metric + "_pairs_per_second"] is not { } rate) return;
        peer[metric + "_ratio_vs_peer"] = ours[metric + "_pairs_per_second"]!.GetValue<double>() / rate.GetValue<double>();
        peer[meanKey + "_difference"] = Math.Abs(ours[meanKey]!.GetValue<double>() - peer[meanKey]!.GetValue<double>());
    }
}
