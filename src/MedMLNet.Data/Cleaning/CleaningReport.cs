namespace MedMLNet.Data;

/// <summary>What cleaning did: records modified by each text step and records removed by each filter, with reasons as step names.</summary>
public sealed class CleaningReport
{
    /// <summary>Filter step names as they appear in reports.</summary>
    public const string Empty = "empty", MinQuestion = "min_question_chars", MinAnswer = "min_answer_chars", MaxLength = "max_chars",
        Language = "language", ExactDuplicate = "exact_duplicate", NearDuplicate = "near_duplicate";

    /// <summary>Records that entered cleaning.</summary>
    public int RecordsIn { get; set; }

    /// <summary>Records that left cleaning.</summary>
    public int RecordsOut { get; set; }

    /// <summary>Text step → records it modified.</summary>
    public SortedDictionary<string, int> Modified { get; } = new(StringComparer.Ordinal);

    /// <summary>Filter step → records it removed.</summary>
    public SortedDictionary<string, int> Removed { get; } = new(StringComparer.Ordinal);

    /// <summary>Detected language → records kept.</summary>
    public SortedDictionary<string, int> Languages { get; } = new(StringComparer.Ordinal);

    internal void Modify(string step) => Modified[step] = Modified.GetValueOrDefault(step) + 1;

    internal void Remove(string step) => Removed[step] = Removed.GetValueOrDefault(step) + 1;
}
