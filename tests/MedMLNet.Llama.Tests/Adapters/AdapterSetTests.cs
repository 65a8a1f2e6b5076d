using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tests.Model;
using MedMLNet.TestKit;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Tests.Adapters;

/// <summary>Several LoRA adapters over one base: per-row routing equals each adapter applied alone.</summary>
public class AdapterSetTests
{
    private static readonly long[][] Rows = [[5, 17, 99, 3, 250, 42, 7], [11, 12, 13, 14, 15, 16, 17], [300, 2, 8, 90, 44, 1, 6]];

    private static LlamaForCausalLM Base() => LlamaForCausalLM.FromPretrained(LlamaFixtures.Dir("llama31-fp32"));

    private static Tensor Logits(LlamaForCausalLM model, long[][] rows)
    {
        using var noGrad = no_grad();
        using var ids = tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, -1);
        return model.Forward(new LlamaInputs(ids));                                           // [B, T, V]
    }

    /// <summary>A second adapter: the fixture's with every B scaled by -0.5, saved as a PEFT folder.</summary>
    private static void WriteSecondAdapter(string dir)
    {
        using var model = Base();
        var options = LoraWeights.Load(model, LlamaFixtures.Dir("lora-adapter"));
        using (no_grad()) foreach (var p in model.Projections()) p.Lora!.lora_B.mul_(-0.5);
        LoraWeights.Save(model, options, dir, "../llama31-fp32");
    }

    private static Tensor AloneLogits(string? adapterDir, long[][] rows)
    {
        using var model = Base();
        if (adapterDir != null) LoraWeights.Load(model, adapterDir);
        return Logits(model, rows);
    }

    [Fact]
    public void PerRowAdaptersEqualEachAdapterAlone()
    {
        using var tmp = RepoPaths.TempDir();
        var second = tmp.File("second");
        WriteSecondAdapter(second);
        using var model = Base();
        using var set = new AdapterSet(model);
        var bytes = set.Load("内科", LlamaFixtures.Dir("lora-adapter"));
        set.Load("儿科", second);
        // r = 8 over q(128→128) k,v(128→64) o(128→128) gate,up(128→352) down(352→128) in 2 layers, fp32:
        // Σ(in+out) = 2 · 2336 = 4672 → 4672 · 8 · 4 bytes.
        Assert.Equal(4672L * 8 * 4, bytes);
        Assert.Equal(bytes, set.BytesPerAdapter["儿科"]);

        Tensor routed;
        using (set.Use(["儿科", null, "内科"])) routed = Logits(model, Rows);
        using var _ = routed;
        using var withSecond = AloneLogits(second, Rows);
        using var baseLogits = AloneLogits(null, Rows);
        using var withFirst = AloneLogits(LlamaFixtures.Dir("lora-adapter"), Rows);
        Assert.True(LlamaFixtures.MaxAbsDiff(routed[0], withSecond[0]) <= 1e-5);
        Assert.True(LlamaFixtures.MaxAbsDiff(routed[1], baseLogits[1]) <= 1e-5);
        Assert.True(LlamaFixtures.MaxAbsDiff(routed[2], withFirst[2]) <= 1e-5);
        Assert.True(LlamaFixtures.MaxAbsDiff(withFirst[2], withSecond[2]) > 1e-3, "the two adapters must differ");

        // Outside the scope the model is the base again; the routed per-request path reproduces the reference LoRA logits.
        using var after = Logits(model, Rows);
        Assert.True(LlamaFixtures.MaxAbsDiff(after, baseLogits) <= 1e-6);
        var c = LlamaFixtures.Case("C.logits.7");
        using var expected = LlamaFixtures.Expected("C.logits.7");
        using (set.Use("内科"))
        {
            using var got = Logits(model, [LlamaFixtures.Ids(c, "input_ids")]);
            Assert.True(LlamaFixtures.MaxAbsDiff(got[0], expected) <= c.GetProperty("tolerance").GetDouble());
        }
    }

    [Fact]
    public void UnknownOrDuplicateNamesAreRejected()
    {
        using var model = Base();
        using var set = new AdapterSet(model);
        set.Load("a", LlamaFixtures.Dir("lora-adapter"));
        Assert.Throws<ArgumentException>(() => set.Load("a", LlamaFixtures.Dir("lora-adapter")));
        Assert.Throws<ArgumentException>(() => set.Use(["b"]));
        set.Remove("a");
        Assert.Empty(set.Names);
        Assert.All(model.Projections(), p => Assert.Empty(p.NamedAdapters));
    }
}
