using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>sacrebleu's smoothing methods (Chen and Cherry 2014): <c>none</c>, <c>floor</c>, <c>add-k</c>, <c>exp</c>.</summary>
public enum BleuSmoothing
{
    /// <summary>No smoothing: a zero precision makes the score 0.</summary>
    None,

    /// <summary>Method 1: a zero count becomes <see cref="BleuOptions.SmoothValue"/> (default 0.1).</summary>
    Floor,

    /// <summary>Method 2: k (default 1) added to the counts and totals of orders 2 and up.</summary>
    AddK,

    /// <summary>Method 3, mteval-v13a's NIST smoothing: the k-th zero precision becomes 1/(2^k · total). sacrebleu's default.</summary>
    Exp,
}

/// <summary>
/// The options of sacrebleu's <c>BLEU(...)</c>, with its names and defaults: tokenize, lowercase, smooth_method,
/// smooth_value, max_ngram_order, effective_order.
/// </summary>
public sealed record BleuOptions
{
    /// <summary>The default options (13a, mixed case, exp smoothing, order 4).</summary>
    public static readonly BleuOptions Default = new();

    /// <summary>The tokenizer; null picks by language (zh for "zh", else 13a), as sacrebleu's trg_lang does.</summary>
    public BleuTokenizer? Tokenizer { get; init; }

    /// <summary>Lowercase hypothesis and references first (Python's <c>str.lower</c>).</summary>
    public bool Lowercase { get; init; }

    /// <summary>Smoothing method (default exp).</summary>
    public BleuSmoothing Smoothing { get; init; } = BleuSmoothing.Exp;

    /// <summary>Value for floor (default 0.1) and add-k (default 1); ignored by the others. Null: the default.</summary>
    public double? SmoothValue { get; init; }

    /// <summary>Largest n-gram order (default 4).</summary>
    public int MaxNgramOrder { get; init; } = Bleu.MaxOrder;

    /// <summary>Stop at the largest order the hypothesis has n-grams of. Null: on for sentence BLEU, off for corpus BLEU (sacrebleu's sentence_bleu / corpus_bleu).</summary>
    public bool? EffectiveOrder { get; init; }

    /// <summary>The smoothing value in effect (sacrebleu's SMOOTH_DEFAULTS).</summary>
    public double EffectiveSmoothValue => SmoothValue ?? Smoothing switch { BleuSmoothing.Floor => 0.1, BleuSmoothing.AddK => 1.0, _ => 0.0 };

    /// <summary>The tokenizer for a language when none is set.</summary>
    public BleuTokenizer TokenizerFor(string lang) => Tokenizer ?? (Language.IsChinese(lang) ? BleuTokenizer.Zh : BleuTokenizer.Tok13a);

    /// <summary>Checks the values; an <see cref="ArgumentException"/> names the bad one.</summary>
    public BleuOptions Validate()
    {
        if (MaxNgramOrder is < 1 or > 16) throw new ArgumentException($"max n-gram order must be 1..16, not {MaxNgramOrder} (--max-ngram-order).");
        if (SmoothValue is { } v && (!double.IsFinite(v) || v < 0)) throw new ArgumentException($"smooth value must be a finite number >= 0, not {v} (--smooth-value).");
        return this;
    }

    /// <summary>Parses sacrebleu's smooth_method names: exp, floor, add-k, none.</summary>
    public static BleuSmoothing ParseSmoothing(string name) => name.ToLowerInvariant() switch
    {
        "exp" => BleuSmoothing.Exp,
        "floor" => BleuSmoothing.Floor,
        "add-k" => BleuSmoothing.AddK,
        "none" => BleuSmoothing.None,
        _ => throw new ArgumentException($"unknown smoothing method '{name}': use exp, floor, add-k or none (--smooth-method)."),
    };
}
