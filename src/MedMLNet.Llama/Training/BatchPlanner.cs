namespace MedMLNet.Llama.Training;

/// <summary>
/// Deterministic batch order: each epoch shuffles with (seed, epoch), then groups similar lengths inside windows of
/// 50 batches (transformers' group_by_length idea) so padding stays small, then shuffles the batches themselves.
/// </summary>
public static class BatchPlanner
{
    public static List<int[]> Plan(IReadOnlyList<TrainingExample> examples, int batchSize, long seed, int epoch)
    {
        var rng = new Random(StableSeed.Mix(seed, epoch, 0x5eed));
        var order = Enumerable.Range(0, examples.Count).OrderBy(_ => rng.Next()).ToArray();
        var window = batchSize * 50;
        var batches = new List<int[]>();
        for (var start = 0; start < order.Length; start += window)
        {
            var chunk = order.Skip(start).Take(window).OrderByDescending(i => examples[i].Length).ThenBy(i => i).ToArray();
            for (var b = 0; b < chunk.Length; b += batchSize) batches.Add(chunk.Skip(b).Take(batchSize).ToArray());
        }
        return batches.OrderBy(_ => rng.Next()).ToList();
    }
}
