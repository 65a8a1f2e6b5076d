using System.Text.Json;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Training;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>Linear warmup then cosine decay, with values derived by hand for 10 steps, 2 of them warmup.</summary>
[Collection(GlobalRngCollection.Name)]
public class LearningRateScheduleTests
{
    private const double Peak = 1e-3;

    // step < 2: peak·step/2; else peak·½·(1 + cos(π·(step − 2)/8)).
    private static readonly double[] handValues =
    [
        0, Peak / 2, Peak,
        Peak * 0.5 * (1 + Math.Sqrt(2 + Math.Sqrt(2)) / 2), // cos(π/8)
        Peak * 0.5 * (1 + Math.Sqrt(2) / 2),                 // cos(π/4)
        Peak * 0.5 * (1 + Math.Sqrt(2 - Math.Sqrt(2)) / 2), // cos(3π/8)
        Peak * 0.5,                                          // cos(π/2) = 0
        Peak * 0.5 * (1 - Math.Sqrt(2 - Math.Sqrt(2)) / 2),
        Peak * 0.5 * (1 - Math.Sqrt(2) / 2),
        Peak * 0.5 * (1 - Math.Sqrt(2 + Math.Sqrt(2)) / 2),
    ];

    [Fact]
    public void WarmupThenCosineMatchesTheFormula()
    {
        var schedule = new LearningRateSchedule(Peak, 2, 10);
        for (var step = 0; step < 10; step++) Assert.Equal(handValues[step], schedule.At(step), 1e-15);
        Assert.Equal(0, schedule.At(10), 1e-15);
    }

    [Fact]
    public void TheTrainerStepsWithTheScheduleAndLogsIt()
    {
        using var model = TinyTraining.Model();
        LoraWeights.Attach(model, new LoraOptions { Rank = 2, Alpha = 4, Dropout = 0 });
        using var dir = RepoPaths.TempDir();
        var options = new TrainingOptions { MaxSteps = 10, WarmupRatio = 0.2, LearningRate = Peak, BatchSize = 2, SequenceLength = 16 };
        new LlamaTrainer(model, options) { LogPath = dir.File("log.jsonl") }.Train(TinyTraining.Reversal(8, 3), null);
        var logged = File.ReadAllLines(dir.File("log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("lr").GetDouble()).ToArray();
        Assert.Equal(10, logged.Length);
        for (var step = 0; step < 10; step++) Assert.Equal(handValues[step], logged[step], 1e-15);
    }
}
