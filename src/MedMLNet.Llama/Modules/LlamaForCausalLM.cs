using MedMLNet.Llama.Checkpoints;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// LlamaForCausalLM with Hugging Face's module tree and state-dict names (model.embed_tokens, model.layers.{i}…,
/// model.norm, lm_head): <see cref="LlamaModel"/>'s hidden states projected to the vocabulary. Tied embeddings share
/// one tensor between embed_tokens and lm_head.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face state-dict names
    public readonly LlamaModel model;
    public readonly Projection lm_head;
#pragma warning restore IDE1006

    private LlamaForCausalLM(LlamaConfig config, GenerationConfig generation, ScalarType dtype, IWeightSource source) : base("LlamaForCausalLM")
    {
        Config = config; GenerationConfig = generation; DType = dtype;
        model = new LlamaModel(config, dtype, source);
        lm_head = config.TieWordEmbeddings
            ? new Projection("lm_head", LlamaKeys.LmHead, model.embed_tokens.weight)
            : new Projection("lm_head", LlamaKeys.LmHead, config.HiddenSize, config.VocabSize, dtype, source);
        source.Finish();
        RegisterComponents();
    }

    public LlamaConfig Config { get; }
    public GenerationConfig GenerationConfig { get; }
    public ScalarType DType { get; }
    /// <summary>The folder the weights came from, when loaded from a checkpoint.</summary>
    public string? SourceDirectory { get; private init; }
    public Tensor RopeInvFreq => model.RopeInvFreq;

    /// <summary>Loads a Hugging Face checkpoint folder into <paramref name="dtype"/> (fp32 or bf16).</summary>
    public static LlamaForCausalLM FromPretrained(string dir, ScalarType dtype = ScalarType.Float32)
    {
        TorchRuntime.Initialize();
        CheckComputeType(dtype);
        using var checkpoint = LlamaCheckpoint.Open(dir);
        using var noGrad = no_grad();
        var m = new LlamaForCausalLM(checkpoint.Config, checkpoint.Generation, dtype, new CheckpointWeightSource(checkpoint)) { SourceDirectory = Path.GetFullPath(dir) };
        m.eval();
        return m;
    }

    /// <summary>Builds a model from a config and any weight source (random init for benchmarks and pretraining).</summary>
    public static LlamaForCausalLM FromConfig(LlamaConfig config, IWeightSource source, ScalarType dtype = ScalarType.Float32, GenerationConfig? generation = null)
    {
        TorchRuntime.Initialize();
        CheckComputeType(dtype);
        using var noGrad = no_grad();
        var m = new LlamaForCausalLM(config, generation ?? new GenerationConfig { BosTokenId = config.BosTokenId, EosTokenIds = config.EosTokenIds }, dtype, source);
        m.eval();
        return m;
    }

    /// <summary>Every projection that LoRA can target, with its PEFT module path.</summary>
    public IEnumerable<Projection> Projections() =>
        model.Layers.SelectMany(l => new[] { l.self_attn.q_proj, l.self_attn.k_proj, l.self_attn.v_proj, l.self_attn.o_proj, l.mlp.gate_proj, l.mlp.up_proj, l.mlp.down_proj });

    /// <summary>A KV cache sized for this model.</summary>
    public KvCache NewCache(long batch, long capacity) =>
        new(Config.NumHiddenLayers, batch, Config.NumKeyValueHeads, capacity, Config.HeadDim, DType, model.embed_tokens.weight.device);

    /// <summary>Logits [B, T, V] (or [B, 1, V] with LastPositionOnly) in the compute dtype.</summary>
    public Tensor Forward(LlamaInputs inputs)
    {
        using var scope = NewDisposeScope();
        var hidden = model.forward(inputs);
        if (inputs.LastPositionOnly) hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);
        return lm_head.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>The final-norm hidden states [B, T, D] (the loss projects them to the vocabulary in chunks).</summary>
    public Tensor ForwardHidden(LlamaInputs inputs) => model.forward(inputs);

    private static void CheckComputeType(ScalarType dtype)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"compute dtype {dtype} is not supported: use float32 or bfloat16.");
    }
}
