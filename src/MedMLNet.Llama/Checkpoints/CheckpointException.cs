namespace MedMLNet.Llama.Checkpoints;

/// <summary>
/// A checkpoint, config or adapter file that MedMLNet cannot use, with the file, the key and what was expected.
/// It is a <see cref="FormatException"/>: the user's input is wrong, not the program.
/// </summary>
public sealed class CheckpointException : FormatException
{
    public CheckpointException(string file, string? key, string problem, string? fix = null)
        : base($"{file}{(key is null ? "" : $" [{key}]")}: {problem}{(fix is null ? "" : $" — {fix}")}")
    {
        File = file; Key = key;
    }

    public string File { get; }
    public string? Key { get; }
}
