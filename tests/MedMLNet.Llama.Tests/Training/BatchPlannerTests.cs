using MedMLNet.Llama.Training;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>Length-grouped batches: every example once per epoch, neighbours in length share a batch, order depends on (seed, epoch).</summary>
public class BatchPlannerTests
{
    // Lengths 1..12 in scrambled order; one grouping window (50 batches) covers them all.
    private static readonly List<TrainingExample> examples = new[] { 7, 3, 12, 1, 9, 5, 11, 2, 8, 6, 10, 4 }
        .Select(n => new TrainingExample(Enumerable.Range(1, n).ToArray(), Enumerable.Range(1, n).ToArray())).ToList();

    [Fact]
    public void BatchesGroupNeighbouringLengths()
    {
        var batches = BatchPlanner.Plan(examples, 3, seed: 1, epoch: 0);
        Assert.Equal(Enumerable.Range(0, 12), batches.SelectMany(b => b).Order());
        // Sorted by length descending and cut in threes: {12,11,10}, {9,8,7}, {6,5,4}, {3,2,1}, in some order.
        var groups = batches.Select(b => string.Join(",", b.Select(i => examples[i].Length).OrderDescending())).Order().ToArray();
        Assert.Equal(["12,11,10", "3,2,1", "6,5,4", "9,8,7"], groups);
    }

    [Fact]
    public void OrderIsReproducibleAndChangesWithTheEpoch()
    {
        static string Key(List<int[]> plan) => string.Join("|", plan.Select(b => string.Join(",", b)));
        Assert.Equal(Key(BatchPlanner.Plan(examples, 3, 1, 0)), Key(BatchPlanner.Plan(examples, 3, 1, 0)));
        var epochs = Enumerable.Range(0, 6).Select(e => Key(BatchPlanner.Plan(examples, 3, 1, e))).Distinct().Count();
        Assert.True(epochs > 1, "every epoch produced the same batch order");
    }
}
