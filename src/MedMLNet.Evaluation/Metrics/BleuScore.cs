namespace MedMLNet.Evaluation.Metrics;

/// <summary>A BLEU result as sacrebleu reports it: score and precisions 0–100, brevity penalty, lengths.</summary>
/// <param name="Score">BLEU, 0–100.</param>
/// <param name="Precisions">The n-gram precisions (orders 1..max), 0–100 (smoothed where sacrebleu smooths).</param>
/// <param name="BrevityPenalty">exp(1 − ref/sys) when the system is shorter, else 1.</param>
/// <param name="SysLen">Hypothesis tokens.</param>
/// <param name="RefLen">Reference tokens (closest reference length per segment).</param>
/// <param name="Counts">Matched n-grams per order.</param>
/// <param name="Totals">Hypothesis n-grams per order.</param>
public sealed record BleuScore(double Score, double[] Precisions, double BrevityPenalty, int SysLen, int RefLen, int[] Counts, int[] Totals);

/// <summary>The sufficient statistics of one segment (sacrebleu's stats row), summable over a corpus.</summary>
/// <param name="SysLen">Hypothesis length in tokens.</param>
/// <param name="RefLen">Closest reference length.</param>
/// <param name="Correct">Clipped n-gram matches, orders 1..max.</param>
/// <param name="Total">Hypothesis n-grams, orders 1..max.</param>
public sealed record BleuStats(int SysLen, int RefLen, int[] Correct, int[] Total)
{
    /// <summary>Element-wise sum (corpus aggregation) of statistics of order <paramref name="order"/>.</summary>
    public static BleuStats Sum(IEnumerable<BleuStats> stats, int order = Bleu.MaxOrder)
    {
        int sys = 0, refLen = 0;
        var c = new int[order];
        var t = new int[order];
        foreach (var s in stats)
        {
            if (s.Correct.Length != order) throw new ArgumentException($"BLEU statistics of order {s.Correct.Length} summed as order {order}.");
            sys += s.SysLen;
            refLen += s.RefLen;
            for (var n = 0; n < order; n++) { c[n] += s.Correct[n]; t[n] += s.Total[n]; }
        }
        return new BleuStats(sys, refLen, c, t);
    }
}
