using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Kernels;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// A bias-free linear projection (q/k/v/o, gate/up/down, lm_head) whose base weight is frozen by default, with
/// an optional LoRA adapter. y = x·Wᵀ (+ B·A·x·scaling, computed in fp32 and cast back as PEFT does). A single bf16 row
/// in inference (decode) goes through <see cref="Bf16Gemv"/>, everything else through libtorch's linear.
/// </summary>
public sealed class Projection : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public Parameter weight; // [out, in]
#pragma warning restore IDE1006
    // Not a registered submodule: the base model's state dict stays Hugging Face's; adapters are saved in PEFT's format.
    private LoraAdapter? lora;
    // Named adapters of an AdapterSet and the current per-row routing (null: the single-adapter path above).
    private readonly Dictionary<string, LoraAdapter> named = new(StringComparer.Ordinal);
    private IReadOnlyList<(string Name, Tensor Rows)>? routing;

    public Projection(string name, string key, long inFeatures, long outFeatures, ScalarType dtype, IWeightSource source) : base(name)
    {
        Key = key;
        weight = new Parameter(source.Take(key, [outFeatures, inFeatures], dtype, WeightKind.Linear), requires_grad: false);
        RegisterComponents();
    }

    /// <summary>A projection over an existing weight (tied lm_head shares the embedding's storage).</summary>
    public Projection(string name, string key, Parameter shared) : base(name)
    {
        Key = key;
        weight = shared;
        RegisterComponents();
    }

    /// <summary>The Hugging Face key of this projection's weight, e.g. model.layers.0.self_attn.q_proj.weight.</summary>
    public string Key { get; }
    /// <summary>The module path PEFT uses (the key without ".weight").</summary>
    public string ModulePath => LlamaKeys.ModuleOf(Key);
    public long InFeatures => weight.shape[1];
    public long OutFeatures => weight.shape[0];
    /// <summary>When false, the adapter is bypassed (base-model outputs, as PEFT's disable_adapter).</summary>
    public bool AdapterEnabled { get; set; } = true;

    public void AttachLora(LoraAdapter adapter)
    {
        if (adapter.lora_A.shape[1] != InFeatures || adapter.lora_B.shape[0] != OutFeatures)
            throw new ArgumentException($"LoRA for {ModulePath} has A [{string.Join(",", adapter.lora_A.shape)}] and B [{string.Join(",", adapter.lora_B.shape)}], expected A [r,{InFeatures}] and B [{OutFeatures},r].");
        lora?.Dispose();
        lora = adapter;
    }

    /// <summary>The attached adapter, or null.</summary>
    public LoraAdapter? Lora => lora;

    public LoraAdapter? DetachLora()
    {
        var a = lora;
        lora = null;
        return a;
    }

    /// <summary>Adapters held by name (an <see cref="Adapters.AdapterSet"/>); not applied unless routed.</summary>
    internal IReadOnlyDictionary<string, LoraAdapter> NamedAdapters => named;

    internal void AddNamed(string name, LoraAdapter adapter) => named.Add(name, adapter);

    internal void RemoveNamed(string name)
    {
        if (named.Remove(name, out var a)) a.Dispose();
    }

    /// <summary>Per-row routing: each (adapter name, row indices [n] int64) group gets that adapter's delta; other rows the base.</summary>
    internal void Route(IReadOnlyList<(string Name, Tensor Rows)>? groups) => routing = groups;

    public override Tensor forward(Tensor x) // [.., in] -> [.., out]
    {
        if (routing != null) return RoutedForward(x);
        if (lora is null || !AdapterEnabled)
        {
            if (Bf16Gemv.Applies(x, weight)) return Bf16Gemv.Forward(x, weight);
            var dense = DenseLayout.ForGemm(x);
            var result = nn.functional.linear(dense, weight);
            if (!ReferenceEquals(dense, x)) dense.Dispose();
            return result;
        }
        using var scope = NewDisposeScope();
        x = DenseLayout.ForGemm(x);
        var y = Bf16Gemv.Applies(x, weight) ? Bf16Gemv.Forward(x, weight) : nn.functional.linear(x, weight);
        return WithLoraDelta(x, y).MoveToOuterDisposeScope();
    }

    // y + B·A·x·scaling: the delta in fp32, the sum cast back to y's dtype (as PEFT); the result outlives this call's scope.
    private Tensor WithLoraDelta(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        return (y + lora!.Delta(x, training)).to(y.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Several projections of the same input (q/k/v; gate/up), each as its own <see cref="forward"/> computes it. In
    /// one-row bf16 inference they share one pass of <see cref="Bf16Gemv.ForwardMany"/> (LoRA deltas added per
    /// projection); weights too small for the kernel alone (k/v of a GQA layer) then take it too, so they can differ from
    /// their own forward (libtorch's linear) by one bf16 ulp.
    /// </summary>
    public static Tensor[] ForwardShared(Tensor x, params Projection[] projections)
    {
        var weights = projections.Select(p => (Tensor)p.weight).ToArray();
        if (projections.Any(p => p.routing != null) || !Bf16Gemv.AppliesToAll(x, weights)) return projections.Select(p => p.forward(x)).ToArray();
        var ys = Bf16Gemv.ForwardMany(x, weights);
        for (var i = 0; i < ys.Length; i++)
        {
            if (projections[i].lora is null || !projections[i].AdapterEnabled) continue;
            using var withoutDelta = ys[i];
            ys[i] = projections[i].WithLoraDelta(x, withoutDelta);
        }
        return ys;
    }

    // x [B, .., in]: base for every row, then rows of each group replaced by base + that adapter's delta (as forward alone).
    private Tensor RoutedForward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = DenseLayout.ForGemm(x);
        var y = nn.functional.linear(x, weight);                              // [B, .., out]
        foreach (var (name, rows) in routing!)
        {
            if (!named.TryGetValue(name, out var adapter)) continue;          // this adapter does not target this module
            var xr = x.index_select(0, rows);
            var yr = y.index_select(0, rows);
            y = y.index_copy(0, rows, (yr + adapter.Delta(xr, training)).to(y.dtype));
        }
        return y.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { lora?.Dispose(); foreach (var a in named.Values) a.Dispose(); }
        base.Dispose(disposing);
    }
}
