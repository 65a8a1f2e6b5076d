using MedMLNet.Llama.Modules;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Training;

/// <summary>
/// Gradient checkpointing for the decoder stack (a <see cref="DecoderLayerRunner"/>): each layer runs forward without
/// keeping its activations; backward re-runs it with gradients on and back-propagates through the recomputation.
/// The state of the generator LoRA dropout draws from is saved before the forward and restored for the recomputation,
/// so dropout draws the same masks both times and the gradients equal those of an ordinary backward.
/// </summary>
public sealed class GradientCheckpoint(IReadOnlyList<Parameter> trainable, Generator dropoutGenerator)
{
    /// <summary>How many layer recomputations backward has run (a diagnostic: one per layer per micro-batch).</summary>
    public long Recomputations { get; private set; }

    public Tensor Run(LlamaDecoderLayer layer, Tensor hidden, KvCache? past, DecoderLayerCall call)
    {
        if (!is_grad_enabled()) return call(hidden, past);
        if (past is { IsPrefix: false })
            throw new InvalidOperationException("gradient checkpointing recomputes training forwards; a generation KV cache cannot be written twice.");
        // Inputs the recomputation differentiates: hidden, this layer's prefix (its gradient reaches prompt_embeddings), the trained weights.
        var inputs = new List<Tensor> { hidden };
        if (past is not null) { var (k, v) = past.PrefixOf(layer.Index); inputs.Add(k); inputs.Add(v); }
        inputs.AddRange(trainable);
        var args = new object[inputs.Count + 1];
        using var rng = dropoutGenerator.get_state();
        args[0] = new Recompute(this, call, past, layer.Index, rng.bytes.ToArray(), inputs.Select(t => t.requires_grad).ToArray());
        for (var i = 0; i < inputs.Count; i++) args[i + 1] = inputs[i];
        return LayerFunction.apply(args);
    }

    private void Recomputed() => Recomputations++;

    private Generator DropoutGenerator => dropoutGenerator;

    private sealed record Recompute(GradientCheckpoint Owner, DecoderLayerCall Call, KvCache? Past, int Layer, byte[] RngState, bool[] NeedsGrad)
    {
        public bool HasPast => Past is not null;
    }

    private sealed class LayerFunction : autograd.SingleTensorFunction<LayerFunction>
    {
        public override string Name => "MedMLNetCheckpointedDecoderLayer";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var r = (Recompute)vars[0];
            var inputs = vars.Skip(1).Cast<Tensor>().ToList();
            ctx.save_data("recompute", r);
            ctx.save_for_backward(r.HasPast ? [inputs[0], inputs[1], inputs[2]] : [inputs[0]]); // only the layer's inputs, not its activations
            using var noGrad = no_grad();
            return r.Call(inputs[0], r.Past); // [B, T, D]
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var r = (Recompute)ctx.get_data("recompute");
            var saved = ctx.get_saved_variables();
            var trainable = r.Owner.TrainableParameters;
            var rng = r.Owner.DropoutGenerator;
            using var rngNow = rng.get_state();
            using var scope = NewDisposeScope();
            using var gradMode = enable_grad();
            rng.set_state(tensor(r.RngState, ScalarType.Byte));
            var leaves = saved.Select((t, i) => t.detach().requires_grad_(r.NeedsGrad[i])).ToList();
            var output = r.Call(leaves[0], r.Past?.WithPrefixOf(r.Layer, leaves[1], leaves[2]));
            rng.set_state(rngNow);
            r.Owner.Recomputed();

            var all = leaves.Concat(trainable).ToList();
            var wanted = Enumerable.Range(0, all.Count).Where(i => r.NeedsGrad[i]).ToList();
            var grads = new Tensor?[all.Count];
            if (wanted.Count > 0 && output.requires_grad)
            {
                var computed = autograd.grad([output], wanted.Select(i => all[i]).ToList(), [gradOutput], retain_graph: false, create_graph: false, allow_unused: true);
                for (var k = 0; k < wanted.Count; k++) grads[wanted[k]] = computed[k] is { IsInvalid: false } g ? g.DetachFromDisposeScope() : null;
            }
            return [null!, .. grads.Select(g => g!)];
        }
    }

    private IReadOnlyList<Parameter> TrainableParameters => trainable;
}
