namespace MedMLNet.Evaluation.Metrics;

/// <summary>The text metrics a <see cref="MetricSuite"/> can report.</summary>
[Flags]
public enum TextMetrics
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>BLEU (sacrebleu).</summary>
    Bleu = 1,

    /// <summary>chrF / chrF++ (sacrebleu).</summary>
    Chrf = 2,

    /// <summary>TER (sacrebleu).</summary>
    Ter = 4,

    /// <summary>ROUGE-1/2/L/Lsum (rouge-score).</summary>
    Rouge = 8,

    /// <summary>METEOR (NLTK; needs WordNet).</summary>
    Meteor = 16,

    /// <summary>All of them.</summary>
    All = Bleu | Chrf | Ter | Rouge | Meteor,
}

/// <summary>What a <see cref="MetricSuite"/> computes and how: the reference tools' options under their names.</summary>
public sealed record MetricOptions
{
    /// <summary>BLEU, ROUGE (stemmed) and METEOR with the reference tools' defaults — what model evaluation reports.</summary>
    public static readonly MetricOptions Default = new();

    /// <summary>The metrics to report (default BLEU, ROUGE, METEOR).</summary>
    public TextMetrics Metrics { get; init; } = TextMetrics.Bleu | TextMetrics.Rouge | TextMetrics.Meteor;

    /// <summary>sacrebleu BLEU options (tokenizer by each item's language unless set).</summary>
    public BleuOptions Bleu { get; init; } = BleuOptions.Default;

    /// <summary>sacrebleu chrF options.</summary>
    public ChrfOptions Chrf { get; init; } = ChrfOptions.Default;

    /// <summary>sacrebleu TER options (Tercom tokenization).</summary>
    public Text.TerOptions Ter { get; init; } = Text.TerOptions.Default;

    /// <summary>Porter-stem English ROUGE tokens (on here; rouge-score's and HF evaluate's default is off: <c>--no-stemmer</c>).</summary>
    public bool UseStemmer { get; init; } = true;

    /// <summary>ROUGE-Lsum over sentences found by a splitter instead of newlines (rouge-score's split_summaries).</summary>
    public bool SplitSummaries { get; init; }

    /// <summary>With a value, the summary carries rouge-score's BootstrapAggregator low/mid/high over this many resamples.</summary>
    public int? BootstrapSamples { get; init; }

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Whether <paramref name="metric"/> is reported.</summary>
    public bool Has(TextMetrics metric) => (Metrics & metric) == metric;

    /// <summary>Parses a comma-separated list of bleu, chrf, ter, rouge, meteor.</summary>
    public static TextMetrics ParseMetrics(string list)
    {
        var result = TextMetrics.None;
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            result |= part.ToLowerInvariant() switch
            {
                "bleu" => TextMetrics.Bleu,
                "chrf" => TextMetrics.Chrf,
                "ter" => TextMetrics.Ter,
                "rouge" => TextMetrics.Rouge,
                "meteor" => TextMetrics.Meteor,
                _ => throw new ArgumentException($"unknown metric '{part}' in --metrics: use a comma-separated list of bleu, chrf, ter, rouge, meteor."),
            };
        return result == TextMetrics.None ? throw new ArgumentException("--metrics names no metric: use e.g. bleu,chrf,ter,rouge,meteor.") : result;
    }

    /// <summary>Checks every option; an <see cref="ArgumentException"/> names the bad one.</summary>
    public MetricOptions Validate()
    {
        Bleu.Validate();
        Chrf.Validate();
        if (BootstrapSamples is <= 0) throw new ArgumentException($"--bootstrap must be a positive number of resamples, not {BootstrapSamples}.");
        return this;
    }
}
