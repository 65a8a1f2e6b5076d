using System.CommandLine;
using System.Globalization;
using MedMLNet.Evaluation.IO;
using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Stats;
using MedMLNet.Evaluation.Text;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet metrics --input PAIRS.jsonl --output SCORES.jsonl [--summary S.json] [--metrics bleu,chrf,ter,rouge,meteor]
/// [--tokenize 13a|zh|intl|char|none] [--lowercase] [--smooth-method exp|floor|add-k|none] [--smooth-value V]
/// [--max-ngram-order N] [--chrf-char-order 6] [--chrf-word-order 0|2] [--no-stemmer] [--rouge-split-summaries]
/// [--bootstrap N] [--seed S]` and `medmlnet metrics compare --a A.jsonl --b B.jsonl`.
/// </summary>
internal sealed class MetricsVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "PAIRS.jsonl: {\"id\",\"hypothesis\",\"references\":[...],\"lang\":\"en\"|\"zh\"} a line.", Required = true };
        var output = new Option<string>("--output") { Description = "SCORES.jsonl to write: {\"id\",\"bleu\",\"chrf\",\"ter\",\"rouge1\"...\"rougeLsum\":{\"p\",\"r\",\"f\"},\"meteor\"} a line.", Required = true };
        var summary = new Option<string?>("--summary") { Description = "SUMMARY.json to write: corpus BLEU/chrF/TER per language (all references), the means of the per-item metrics, and with --bootstrap ROUGE's low/mid/high." };
        var flags = new MetricFlags();
        var cmd = new Command("metrics", "Score answers against references: BLEU, chrF/chrF++ and TER (sacrebleu), ROUGE-1/2/L/Lsum (rouge-score), METEOR (NLTK).\n\nExamples:\n" +
            "  medmlnet metrics --input pairs.jsonl --output scores.jsonl --summary summary.json\n" +
            "  medmlnet metrics --input pairs.jsonl --output scores.jsonl --metrics bleu,chrf --tokenize intl --chrf-word-order 2\n" +
            "  medmlnet metrics --input pairs.jsonl --output scores.jsonl --summary s.json --no-stemmer --bootstrap 1000   # rouge-score's defaults + BootstrapAggregator\n" +
            "  medmlnet metrics compare --a base.jsonl --b tuned.jsonl")
            { input, output, summary };
        flags.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var suite = flags.Suite(parse);
            var result = MetricsRun.Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(summary), suite);
            var s = result.Summary;
            Console.Error.WriteLine($"scored {result.Items} pairs ({result.PairsPerSecond:F0} pairs/s): " + string.Join("  ", Headline(s, suite.Options)));
            return 0;
        });
        cmd.Add(Compare());
        return cmd;
    }

    private static IEnumerable<string> Headline(MetricsSummary s, MetricOptions o)
    {
        if (o.Has(TextMetrics.Bleu)) foreach (var (l, b) in s.CorpusBleu) yield return $"corpus BLEU {l} {F(b.Score, "F2")}";
        foreach (var (l, c) in s.CorpusChrf) yield return $"corpus chrF {l} {F(c.Score, "F2")}";
        foreach (var (l, t) in s.CorpusTer) yield return $"corpus TER {l} {F(t.Score, "F2")}";
        if (o.Has(TextMetrics.Rouge)) yield return $"ROUGE-L F {F(s.RougeL.F, "F4")}";
        if (s.Meteor is { } m) yield return $"METEOR {F(m, "F4")}";
    }

    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);

    private static Command Compare()
    {
        var a = new Option<string>("--a") { Description = "PAIRS.jsonl of the baseline (e.g. the base model's answers).", Required = true };
        var b = new Option<string>("--b") { Description = "PAIRS.jsonl of the system compared with it (same ids and references).", Required = true };
        var output = new Option<string?>("--output") { Description = "COMPARE.json to write (also printed)." };
        var samples = new Option<int>("--paired-bs-n") { Description = "Paired bootstrap resamples (sacrebleu's default).", DefaultValueFactory = _ => PairedSignificance.BootstrapSamples };
        var trials = new Option<int>("--paired-ar-n") { Description = "Approximate randomization trials (sacrebleu's default).", DefaultValueFactory = _ => PairedSignificance.RandomizationTrials };
        var flags = new MetricFlags();
        var cmd = new Command("compare", "Is B better than A? sacrebleu's paired bootstrap and approximate-randomization p-values for every metric.\n\nExample:\n  medmlnet metrics compare --a base.jsonl --b tuned.jsonl --metrics bleu,chrf,rouge --output compare.json")
            { a, b, output, samples, trials };
        flags.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var (comparisons, json) = MetricsCompare.Run(parse.GetValue(a)!, parse.GetValue(b)!, flags.Suite(parse), parse.GetValue(output), parse.GetValue(samples), parse.GetValue(trials));
            Console.WriteLine(json);
            foreach (var c in comparisons)
                Console.Error.WriteLine($"{c.Metric}: A {F(c.Baseline, "F4")}  B {F(c.System, "F4")}  p(bootstrap) {F(c.Bootstrap.PValue, "F4")}  p(AR) {F(c.Randomization.PValue, "F4")}");
            return 0;
        });
        return cmd;
    }
}

/// <summary>The metric options of `metrics` and `metrics compare`, with sacrebleu's and rouge-score's names and defaults.</summary>
internal sealed class MetricFlags
{
    private readonly Option<string> metrics = new("--metrics") { Description = "Comma-separated: bleu, chrf, ter, rouge, meteor (meteor needs WordNet; skipped with a notice when none is found).", DefaultValueFactory = _ => "bleu,chrf,ter,rouge,meteor" };
    private readonly Option<string?> tokenize = new("--tokenize") { Description = "BLEU tokenizer: 13a|zh|intl|char|none (default: zh for lang zh, else 13a)." };
    private readonly Option<bool> lowercase = new("--lowercase") { Description = "Lowercase before BLEU and chrF (sacrebleu -lc)." };
    private readonly Option<string> smoothMethod = new("--smooth-method") { Description = "BLEU smoothing: exp|floor|add-k|none.", DefaultValueFactory = _ => "exp" };
    private readonly Option<double?> smoothValue = new("--smooth-value") { Description = "Value for floor (default 0.1) and add-k (default 1)." };
    private readonly Option<int> maxOrder = new("--max-ngram-order") { Description = "BLEU's largest n-gram order.", DefaultValueFactory = _ => Bleu.MaxOrder };
    private readonly Option<int> charOrder = new("--chrf-char-order") { Description = "chrF character n-gram order.", DefaultValueFactory = _ => 6 };
    private readonly Option<int> wordOrder = new("--chrf-word-order") { Description = "chrF word n-gram order: 0 (chrF) or 2 (chrF++).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> beta = new("--chrf-beta") { Description = "chrF's recall weight.", DefaultValueFactory = _ => 2 };
    private readonly Option<bool> terNormalized = new("--ter-normalized") { Description = "TER: Tercom's normalisation (sacrebleu --ter-normalized)." };
    private readonly Option<bool> terNoPunct = new("--ter-no-punct") { Description = "TER: remove punctuation (sacrebleu --ter-no-punct)." };
    private readonly Option<bool> terAsian = new("--ter-asian-support") { Description = "TER: CJK handling with --ter-normalized / --ter-no-punct (sacrebleu --ter-asian-support)." };
    private readonly Option<bool> terCase = new("--ter-case-sensitive") { Description = "TER: do not lowercase (sacrebleu --ter-case-sensitive)." };
    private readonly Option<bool> noStemmer = new("--no-stemmer") { Description = "ROUGE without the Porter stemmer: rouge-score's and HF evaluate's default (use_stemmer=False)." };
    private readonly Option<bool> split = new("--rouge-split-summaries") { Description = "ROUGE-Lsum over sentences found by a rule-based splitter, not only newlines (rouge-score's split_summaries, which uses NLTK Punkt)." };
    private readonly Option<int?> bootstrap = new("--bootstrap") { Description = "Add rouge-score's BootstrapAggregator low/mid/high over N resamples to the summary (e.g. 1000)." };
    private readonly Option<int> seed = new("--seed") { Description = "Seed of the bootstrap and the paired tests.", DefaultValueFactory = _ => 12345 };
    private readonly Option<string?> wordnet = EvalOptions.WordNet();

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { metrics, tokenize, lowercase, smoothMethod, smoothValue, maxOrder, charOrder, wordOrder, beta, terNormalized, terNoPunct, terAsian, terCase, noStemmer, split, bootstrap, seed, wordnet })
            cmd.Add(o);
    }

    public MetricSuite Suite(ParseResult parse)
    {
        var selected = MetricOptions.ParseMetrics(parse.GetValue(metrics)!);
        var options = new MetricOptions
        {
            Metrics = selected,
            Bleu = new BleuOptions
            {
                Tokenizer = parse.GetValue(tokenize) is { } t ? BleuTokenizers.Parse(t) : null,
                Lowercase = parse.GetValue(lowercase),
                Smoothing = BleuOptions.ParseSmoothing(parse.GetValue(smoothMethod)!),
                SmoothValue = parse.GetValue(smoothValue),
                MaxNgramOrder = parse.GetValue(maxOrder),
            },
            Chrf = new ChrfOptions { CharOrder = parse.GetValue(charOrder), WordOrder = parse.GetValue(wordOrder), Beta = parse.GetValue(beta), Lowercase = parse.GetValue(lowercase) },
            Ter = new TerOptions { Normalized = parse.GetValue(terNormalized), NoPunct = parse.GetValue(terNoPunct), AsianSupport = parse.GetValue(terAsian), CaseSensitive = parse.GetValue(terCase) },
            UseStemmer = !parse.GetValue(noStemmer),
            SplitSummaries = parse.GetValue(split),
            BootstrapSamples = parse.GetValue(bootstrap),
            Seed = parse.GetValue(seed),
        }.Validate();
        WordNetDatabase? db = null;
        if (options.Has(TextMetrics.Meteor))
        {
            // METEOR asked for explicitly needs WordNet; by default it is skipped with a notice when none is installed.
            var explicitMeteor = parse.GetResult(metrics) is { Implicit: false };
            if (parse.GetValue(wordnet) is not null || explicitMeteor || WordNetLocator.TryFind(null) is not null) db = WordNetLocator.Open(parse.GetValue(wordnet));
            else Console.Error.WriteLine($"METEOR skipped: no WordNet 3.0 found. {WordNetLocator.HowToInstall}");
        }
        return new MetricSuite(db, options);
    }
}
