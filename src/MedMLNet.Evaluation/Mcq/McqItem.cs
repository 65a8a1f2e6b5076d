namespace MedMLNet.Evaluation.Mcq;

/// <summary>
/// One multiple-choice item as lm-evaluation-harness sees it: the prompt (<c>doc_to_text</c>, ending "Answer:"), the
/// continuations scored after it (<c>doc_to_choice</c>, each preceded by the target delimiter " "), and the index of
/// the correct one (<c>doc_to_target</c>).
/// </summary>
/// <param name="Id">Stable item id.</param>
/// <param name="Query">The prompt.</param>
/// <param name="Choices">The continuations (letters for MedQA, MedMCQA and MMLU; yes/no/maybe for PubMedQA).</param>
/// <param name="Gold">Index of the correct choice.</param>
/// <param name="Description">Text put once before the few-shot examples (MMLU's "The following are multiple choice questions (with answers) about ...").</param>
public sealed record McqItem(string Id, string Query, IReadOnlyList<string> Choices, int Gold, string Description = "")
{
    /// <summary>The correct continuation.</summary>
    public string Target => Choices[Gold];
}

/// <summary>The public benchmark formats <see cref="McqReader"/> reads.</summary>
public enum McqFormat
{
    /// <summary>MedQA (USMLE) JSONL: {"question", "options": {"A": ...}, "answer_idx"}.</summary>
    MedQa,

    /// <summary>MedMCQA JSON lines: {"id", "question", "opa", "opb", "opc", "opd", "cop"} (cop 1–4 as released, or 0–3 as the HF export).</summary>
    MedMcqa,

    /// <summary>PubMedQA's ori_pqal.json: {pmid: {"QUESTION", "CONTEXTS", "final_decision"}}.</summary>
    PubMedQa,

    /// <summary>MMLU (Hendrycks) CSV without a header: question, A, B, C, D, answer letter; the subject from the file name (anatomy_test.csv).</summary>
    Mmlu,
}
