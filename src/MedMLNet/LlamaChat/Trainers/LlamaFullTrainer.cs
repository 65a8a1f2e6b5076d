using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>
/// Full-parameter fine-tuning as an ML.NET trainer: every weight is trained and the result is written as a Hugging Face
/// checkpoint folder (<see cref="LlamaFullOptions.OutputPath"/>, tokenizer files copied); the fitted transformer answers
/// from that folder and references it (path + hashes) in a saved zip, or embeds it with <see cref="LlamaChatOptions.EmbedBaseModel"/>.
/// </summary>
public sealed class LlamaFullTrainer(IHostEnvironment env, LlamaFullOptions options) : LlamaTrainerBase<LlamaFullOptions>(env, options)
{
    private protected override FineTuneMethod Method => FineTuneMethod.Full;

    private protected override PrefixEncoder? Prepare(LlamaForCausalLM model)
    {
        if (Path.GetFullPath(Options.OutputPath) == Path.GetFullPath(Options.ModelPath))
            throw new ArgumentException($"OutputPath '{Options.OutputPath}' is the base checkpoint itself; write the fine-tuned checkpoint to another folder.");
        return null;
    }

    private protected override (AdapterBlobs, string) Snapshot(LlamaForCausalLM model, PrefixEncoder? prefix)
    {
        CheckpointWriter.Save(model, Options.OutputPath, Options.SaveDtype is { } d ? DTypes.Parse(d) : null, tokenizerSource: Options.ModelPath);
        return (AdapterBlobs.None, Options.OutputPath);
    }
}
