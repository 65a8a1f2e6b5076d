namespace MedMLNet.Data;

/// <summary>One speaker turn of a dialogue: <see cref="Role"/> is "user" (patient) or "assistant" (doctor).</summary>
/// <param name="Role">"user" or "assistant".</param>
/// <param name="Content">What was said.</param>
public sealed record DialogueTurn(string Role, string Content)
{
    /// <summary>The patient / asker role.</summary>
    public const string User = "user";

    /// <summary>The doctor / answerer role.</summary>
    public const string Assistant = "assistant";
}

/// <summary>
/// A medical Q&amp;A or dialogue as every reader yields it: ordered turns (a single Q&amp;A is one user and one
/// assistant turn), optional reading context (PubMedQA abstracts), optional multiple-choice options with the
/// index of the correct one, and identity fields used for splitting (<see cref="ConversationId"/> groups records
/// that must stay together).
/// </summary>
public sealed record DialogueRecord
{
    /// <summary>Stable id within its source (e.g. "0000306-1", "pubmedqa-11555508").</summary>
    public required string Id { get; init; }

    /// <summary>Dataset name (e.g. "medquad", "chatdoctor", "chinese-medical-dialogue/内科").</summary>
    public required string Source { get; init; }

    /// <summary>The dialogue turns in order; at least one.</summary>
    public required IReadOnlyList<DialogueTurn> Turns { get; init; }

    /// <summary>Conversation / patient identity shared by records that must land in the same split, if known.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Background text shown to the model before the question (PubMedQA abstract), if any.</summary>
    public string? Context { get; init; }

    /// <summary>Multiple-choice options in letter order (A, B, C, ...), if this is an MCQ.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>Zero-based index of the correct option in <see cref="Options"/>, if this is an MCQ.</summary>
    public int? AnswerIndex { get; init; }

    /// <summary>Extra fields kept from the source (department, qtype, url, meta_info, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>The first user turn (the question), or "" when there is none.</summary>
    public string Question => Turns.FirstOrDefault(t => t.Role == DialogueTurn.User)?.Content ?? "";

    /// <summary>The last assistant turn (the answer), or "" when there is none.</summary>
    public string Answer => Turns.LastOrDefault(t => t.Role == DialogueTurn.Assistant)?.Content ?? "";

    /// <summary>The letter of the correct option ("A", "B", ...), if this is an MCQ.</summary>
    public string? AnswerLetter => AnswerIndex is int i ? ((char)('A' + i)).ToString() : null;

    /// <summary>All text of the record (context, turns, options) joined by newlines; used for language and dedup.</summary>
    public string AllText => string.Join("\n", new[] { Context ?? "" }.Concat(Turns.Select(t => t.Content)).Concat(Options ?? []).Where(s => s.Length > 0));

    /// <summary>A single question/answer pair as a record.</summary>
    public static DialogueRecord QuestionAnswer(string id, string source, string question, string answer) => new()
    {
        Id = id,
        Source = source,
        Turns = answer.Length > 0
            ? [new(DialogueTurn.User, question), new(DialogueTurn.Assistant, answer)]
            : [new(DialogueTurn.User, question)],
    };

    /// <summary>Returns a copy whose every text field (turns, context, options) went through <paramref name="map"/>.</summary>
    public DialogueRecord MapText(Func<string, string> map) => this with
    {
        Turns = Turns.Select(t => t with { Content = map(t.Content) }).ToArray(),
        Context = Context is null ? null : map(Context),
        Options = Options?.Select(map).ToArray(),
    };

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}
