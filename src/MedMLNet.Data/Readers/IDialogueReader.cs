namespace MedMLNet.Data.Readers;

/// <summary>Reads one input format as a lazy stream of <see cref="DialogueRecord"/>s.</summary>
public interface IDialogueReader
{
    /// <summary>
    /// Streams the records of <paramref name="path"/>. Malformed records go to <paramref name="diagnostics"/>
    /// (which throws in strict mode); unreadable files throw <see cref="InvalidDataException"/>.
    /// </summary>
    IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default);
}
