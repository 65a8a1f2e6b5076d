using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace MedMLNet.Llama.Modules;

/// <summary>Token embedding table (model.embed_tokens.weight [V, D]).</summary>
public sealed class Embedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly Parameter weight; // [V, D]
#pragma warning restore IDE1006

    public Embedding(string key, long vocab, long dim, ScalarType dtype, IWeightSource source) : base("embed_tokens")
    {
        weight = new Parameter(source.Take(key, [vocab, dim], dtype, WeightKind.Embedding), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids) // [B, T] -> [B, T, D]
    {
        using var scope = NewDisposeScope();
        var flat = weight.index_select(0, ids.reshape(-1));
        return flat.view(ids.shape[0], ids.shape[1], weight.shape[1]).MoveToOuterDisposeScope();
    }
}
