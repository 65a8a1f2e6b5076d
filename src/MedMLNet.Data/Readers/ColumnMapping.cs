namespace MedMLNet.Data.Readers;

/// <summary>
/// Which columns of a generic CSV/TSV hold what. Either question/answer pairs (<see cref="Question"/>,
/// <see cref="Answer"/>) or one utterance a row (<see cref="Conversation"/>, <see cref="Role"/>,
/// <see cref="Text"/>: consecutive rows with the same conversation id become one multi-turn record).
/// Column names match the header case-insensitively.
/// </summary>
public sealed record ColumnMapping
{
    /// <summary>Question column (default "question").</summary>
    public string Question { get; init; } = "question";

    /// <summary>Answer column (default "answer").</summary>
    public string Answer { get; init; } = "answer";

    /// <summary>Optional id column (default "id").</summary>
    public string Id { get; init; } = "id";

    /// <summary>Optional source column (default "source").</summary>
    public string Source { get; init; } = "source";

    /// <summary>Conversation id column for one-utterance-a-row files (default "conversation_id").</summary>
    public string Conversation { get; init; } = "conversation_id";

    /// <summary>Speaker column for one-utterance-a-row files: patient/user vs doctor/assistant (default "role").</summary>
    public string Role { get; init; } = "role";

    /// <summary>Utterance column for one-utterance-a-row files (default "text").</summary>
    public string Text { get; init; } = "text";

    /// <summary>Field delimiter; null = tab for .tsv files, comma otherwise.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Parses "question=Q,answer=A,delimiter=tab" (keys are the property names, case-insensitive).</summary>
    public static ColumnMapping Parse(string spec)
    {
        var map = new ColumnMapping();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[1].Length == 0) throw new ArgumentException($"bad column mapping '{part}': write key=column, e.g. question=Q,answer=A.");
            map = kv[0].ToLowerInvariant() switch
            {
                "question" => map with { Question = kv[1] },
                "answer" => map with { Answer = kv[1] },
                "id" => map with { Id = kv[1] },
                "source" => map with { Source = kv[1] },
                "conversation" => map with { Conversation = kv[1] },
                "role" => map with { Role = kv[1] },
                "text" => map with { Text = kv[1] },
                "delimiter" => map with { Delimiter = kv[1] is "tab" or "\\t" ? '\t' : kv[1][0] },
                _ => throw new ArgumentException($"unknown column mapping key '{kv[0]}': use question, answer, id, source, conversation, role, text, delimiter."),
            };
        }
        return map;
    }
}
