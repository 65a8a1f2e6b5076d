using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Adapters;

/// <summary>
/// Several PEFT LoRA adapters loaded by name (e.g. 内科, 外科, 儿科) over one base model held in memory once. Nothing is
/// merged and the base is never reloaded: each adapter's A/B tensors live beside the base weights, and
/// <see cref="Use(IReadOnlyList{string?})"/> routes every batch row to an adapter (or to the base with null) for the
/// forward passes inside its scope; rows of one batch may use different adapters (the delta is computed per row group).
/// Outside a <see cref="Use(IReadOnlyList{string?})"/> scope the model behaves exactly as before (single-adapter path).
/// One routed forward at a time per model (the routing is model state, like train/eval).
/// </summary>
public sealed class AdapterSet(LlamaForCausalLM model) : IDisposable
{
    private readonly Dictionary<string, long> bytes = new(StringComparer.Ordinal);

    public LlamaForCausalLM Model => model;
    public IReadOnlyCollection<string> Names => bytes.Keys;

    /// <summary>Bytes of each adapter's tensors (the memory one more adapter costs).</summary>
    public IReadOnlyDictionary<string, long> BytesPerAdapter => bytes;

    /// <summary>Loads a PEFT LoRA folder under <paramref name="name"/>; returns its bytes. A single attached adapter stays as it was.</summary>
    public long Load(string name, string dir)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("an adapter needs a non-empty name.");
        if (bytes.ContainsKey(name)) throw new ArgumentException($"an adapter named '{name}' is already loaded; pick another name or Remove it first.");
        var projections = model.Projections().ToArray();
        var previous = projections.Select(p => p.DetachLora()).ToArray();
        long total = 0;
        try
        {
            LoraWeights.Load(model, dir);
            foreach (var p in projections)
                if (p.DetachLora() is { } a) { p.AddNamed(name, a); total += a.lora_A.bytes.Length + a.lora_B.bytes.Length; }
        }
        catch
        {
            foreach (var p in projections) { p.DetachLora()?.Dispose(); p.RemoveNamed(name); }
            throw;
        }
        finally
        {
            for (var i = 0; i < projections.Length; i++) if (previous[i] is { } a) projections[i].AttachLora(a);
        }
        bytes[name] = total;
        return total;
    }

    /// <summary>Unloads an adapter and frees its tensors.</summary>
    public void Remove(string name)
    {
        if (!bytes.Remove(name)) throw new ArgumentException($"no adapter named '{name}'; loaded: {string.Join(", ", Names)}.");
        foreach (var p in model.Projections()) p.RemoveNamed(name);
    }

    /// <summary>Routes batch row i to adapter <paramref name="rowAdapters"/>[i] (null = base) until the scope is disposed.</summary>
    public IDisposable Use(IReadOnlyList<string?> rowAdapters)
    {
        var unknown = rowAdapters.FirstOrDefault(n => n != null && !bytes.ContainsKey(n));
        if (unknown != null) throw new ArgumentException($"no adapter named '{unknown}'; loaded: {string.Join(", ", Names)}.");
        var device = model.model.embed_tokens.weight.device;
        var groups = rowAdapters.Select((n, i) => (n, i)).Where(x => x.n != null).GroupBy(x => x.n!)
            .Select(g => (g.Key, tensor(g.Select(x => (long)x.i).ToArray(), device: device).DetachFromDisposeScope())).ToList();
        foreach (var p in model.Projections()) p.Route(groups);
        return new Routing(model, groups);
    }

    /// <summary>Every row of the batch on one adapter (null = base): the per-request choice.</summary>
    public IDisposable Use(string? adapter, int batchSize = 1) => Use(Enumerable.Repeat(adapter, batchSize).ToArray());

    public void Dispose()
    {
        foreach (var name in bytes.Keys.ToArray()) Remove(name);
    }

    private sealed class Routing(LlamaForCausalLM model, List<(string Name, Tensor Rows)> groups) : IDisposable
    {
        public void Dispose()
        {
            foreach (var p in model.Projections()) p.Route(null);
            foreach (var (_, rows) in groups) rows.Dispose();
        }
    }
}
