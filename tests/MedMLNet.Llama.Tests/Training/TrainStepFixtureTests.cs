using System.Text.Json;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.Llama.Training;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Training;

/// <summary>C.step: one LoRA training step (loss, every LoRA gradient, the AdamW update) against PyTorch + PEFT.</summary>
public class TrainStepFixtureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneLoraStepMatchesReference(bool gradientCheckpointing)
    {
        var c = LlamaFixtures.Case("C.step");
        using var model = LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama31-fp32"));
        var lora = LoraWeights.Load(model, LlamaFixtures.Dir("lora-adapter")) with { Dropout = 0 };
        foreach (var p in model.Projections()) p.AttachLora(new LoraAdapter(p.Lora!.lora_A.detach(), p.Lora.lora_B.detach(), lora.Scaling, 0));
        var opt = c.GetProperty("optimizer");
        var options = new TrainingOptions
        {
            Method = FineTuneMethod.Lora, LearningRate = opt.GetProperty("lr").GetDouble(), WeightDecay = opt.GetProperty("weight_decay").GetDouble(),
            Beta1 = opt.GetProperty("betas")[0].GetDouble(), Beta2 = opt.GetProperty("betas")[1].GetDouble(), Epsilon = opt.GetProperty("eps").GetDouble(),
            MaxGradNorm = 0, GradientCheckpointing = gradientCheckpointing,
        };
        var examples = Rows(c, "input_ids").Zip(Rows(c, "labels"), (i, l) => new TrainingExample(i, l)).ToList();
        using var batch = Batch.Collate(examples, padId: 0, maxLength: 1024);
        using var tuner = new FineTuner(model, options);

        var loss = tuner.Backward(batch, batch.TargetCount) / batch.TargetCount;
        Assert.Equal(gradientCheckpointing ? model.Config.NumHiddenLayers : 0, tuner.Checkpointing?.Recomputations ?? 0);
        var tol = c.GetProperty("tolerance");
        Assert.True(Math.Abs(loss - c.GetProperty("loss").GetDouble()) <= tol.GetProperty("loss").GetDouble(), $"loss {loss}");

        var gradTol = tol.GetProperty("grads_max_abs").GetDouble();
        var byName = tuner.Trainable.ToDictionary(t => t.Name, t => t.Parameter);
        Assert.Equal(28, c.GetProperty("grads").EnumerateObject().Count());
        foreach (var g in c.GetProperty("grads").EnumerateObject())
        {
            using var expected = LlamaFixtures.Expected(g.Value.GetString()!);
            var diff = LlamaFixtures.MaxAbsDiff(byName[g.Name].grad!, expected);
            Assert.True(diff <= gradTol, $"grad {g.Name}: {diff}");
        }
        // Ill-conditioned entries (|g| below ~1e-6) may legitimately step the other way; compare the rest.
        var grads = byName.ToDictionary(kv => kv.Key, kv => kv.Value.grad!.detach().clone());
        tuner.Step(options.EffectiveLearningRate);
        var afterTol = tol.GetProperty("after_max_abs").GetDouble();
        foreach (var a in c.GetProperty("after").EnumerateObject())
        {
            using var expected = LlamaFixtures.Expected(a.Value.GetString()!);
            using var wellConditioned = grads[a.Name].abs() > 1e-6;
            using var diff = (byName[a.Name].detach() - expected).abs().masked_select(wellConditioned);
            var max = diff.numel() == 0 ? 0 : diff.max().item<float>();
            Assert.True(max <= afterTol, $"after {a.Name}: {max}");
        }
        using (no_grad())
        {
            var after = tuner.EvaluateLoss([batch]);
            Assert.True(Math.Abs(after - c.GetProperty("loss_after_step").GetDouble()) <= 1e-4, $"loss after step {after}");
        }
        foreach (var g in grads.Values) g.Dispose();
    }

    private static IEnumerable<int[]> Rows(JsonElement c, string name) =>
        c.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray());
}
