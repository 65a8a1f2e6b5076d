using System.Text.Json;
using MedMLNet.IO;

namespace MedMLNet.Llama.Training;

/// <summary>
/// training_log.jsonl, one JSON object per optimizer step. A run killed after its last checkpoint has logged steps
/// that a resumed run will take again, and may have left half a line; on resume the log is first cut back
/// (atomically) to the complete lines of the steps the checkpoint holds, so every step appears once, in order.
/// </summary>
internal static class TrainingLogFile
{
    /// <summary>A writer appending to <paramref name="path"/>: a fresh log, or one cut back to steps ≤ <paramref name="resumedStep"/>.</summary>
    public static StreamWriter Open(string path, int? resumedStep)
    {
        if (resumedStep is not int step || !File.Exists(path)) return new StreamWriter(path, append: false) { AutoFlush = true };
        var kept = File.ReadLines(path).Where(line => StepOf(line) is int s && s <= step).ToList();
        AtomicFile.WriteAllLines(path, kept);
        return new StreamWriter(path, append: true) { AutoFlush = true };
    }

    private static int? StepOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("step", out var s) && s.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException) { return null; } // the torn last line of a killed run
    }
}
