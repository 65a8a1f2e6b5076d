namespace MedMLNet.Evaluation.Metrics;

/// <summary>Precision, recall and F1 of one ROUGE variant, each 0–1.</summary>
/// <param name="P">Precision.</param>
/// <param name="R">Recall.</param>
/// <param name="F">F-measure 2PR/(P+R), 0 when both are 0.</param>
public sealed record PrfScore(double P, double R, double F)
{
    /// <summary>All zero.</summary>
    public static readonly PrfScore Zero = new(0, 0, 0);

    /// <summary>Builds the score from precision and recall as rouge-score's <c>fmeasure</c> does.</summary>
    public static PrfScore From(double p, double r) => new(p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0);
}

/// <summary>ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of one hypothesis against one reference.</summary>
/// <param name="Rouge1">Unigram overlap.</param>
/// <param name="Rouge2">Bigram overlap.</param>
/// <param name="RougeL">Longest common subsequence over the whole texts.</param>
/// <param name="RougeLsum">Summary-level union LCS over newline-separated sentences.</param>
public sealed record RougeScore(PrfScore Rouge1, PrfScore Rouge2, PrfScore RougeL, PrfScore RougeLsum);
