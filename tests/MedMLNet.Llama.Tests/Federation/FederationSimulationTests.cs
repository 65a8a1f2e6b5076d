using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Adapters.Federation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tests.Training;
using MedMLNet.Llama.Training;
using MedMLNet.TestKit;
using Xunit.Abstractions;

namespace MedMLNet.Llama.Tests.Federation;

/// <summary>
/// Rounds of federated LoRA across three "hospitals" that never pool data: each trains the current global adapter on its
/// own shard for a few steps, the adapters are averaged (FedAvg weighted by shard size), and the result is the next
/// global adapter. The federated adapter must learn the task and approach the adapter trained on the pooled data.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class FederationSimulationTests(ITestOutputHelper output)
{
    private static readonly LoraOptions Lora = new() { Rank = 4, Alpha = 8, Dropout = 0, Seed = 5 };
    private const int Rounds = 4, LocalSteps = 10;

    private static TrainingOptions Local(int steps) => new()
    {
        Method = FineTuneMethod.Lora, MaxSteps = steps, BatchSize = 8, LearningRate = 1e-2, SequenceLength = 16, WarmupRatio = 0, Seed = 3,
    };

    /// <summary>Trains the adapter in <paramref name="from"/> (or a fresh one) on <paramref name="data"/> and saves it to <paramref name="to"/>.</summary>
    private static void Train(string? from, List<TrainingExample> data, int steps, string to)
    {
        using var model = TinyTraining.Model();
        if (from is null) LoraWeights.Attach(model, Lora); else LoraWeights.Load(model, from);
        new LlamaTrainer(model, Local(steps)).Train(data, null);
        LoraWeights.Save(model, Lora, to, "tiny");
    }

    private static double ValidationLoss(string? adapter, List<TrainingExample> validation)
    {
        using var model = TinyTraining.Model();
        if (adapter is null) LoraWeights.Attach(model, Lora); else LoraWeights.Load(model, adapter);
        using var tuner = new FineTuner(model, Local(1));
        using var batch = Batch.Collate(validation, 0, 16);
        return tuner.EvaluateLoss([batch]);
    }

    [Fact]
    public void Federated_rounds_learn_and_approach_the_pooled_adapter()
    {
        using var tmp = RepoPaths.TempDir();
        var shards = new[] { TinyTraining.Reversal(24, 1), TinyTraining.Reversal(16, 2), TinyTraining.Reversal(8, 3) };
        var pooled = shards.SelectMany(s => s).ToList();
        var validation = TinyTraining.Reversal(32, 99);

        string? global = null;
        for (var round = 0; round < Rounds; round++)
        {
            var locals = new List<string>();
            for (var h = 0; h < shards.Length; h++)
            {
                var dir = tmp.File($"r{round}-h{h}");
                Train(global, shards[h], LocalSteps, dir);
                locals.Add(dir);
            }
            global = tmp.File($"global-{round}");
            LoraFederation.Average(locals, [.. shards.Select(s => (double)s.Count)], FederationMode.Separate, global);
        }
        Train(null, pooled, Rounds * LocalSteps, tmp.File("pooled"));
        var singles = shards.Select((s, h) => { var d = tmp.File($"single-{h}"); Train(null, s, Rounds * LocalSteps, d); return ValidationLoss(d, validation); }).ToList();

        var start = ValidationLoss(null, validation);
        var federated = ValidationLoss(global, validation);
        var pooledLoss = ValidationLoss(tmp.File("pooled"), validation);
        output.WriteLine($"start {start:F4} federated {federated:F4} pooled {pooledLoss:F4} single-site {string.Join(", ", singles.Select(x => x.ToString("F4")))}");

        Assert.True(federated < 0.8 * start, $"federated {federated} did not learn (start {start})");
        Assert.True(federated - pooledLoss < 0.5 * (start - pooledLoss), $"federated {federated} is not close to pooled {pooledLoss} (start {start})");
        Assert.True(federated < singles.Average(), $"federated {federated} is not better than the average single site {singles.Average()}");
    }
}
