using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>Prefix tuning as an ML.NET trainer: the fitted transformer carries the PEFT prefix-tuning adapter.</summary>
public sealed class LlamaPrefixTrainer(IHostEnvironment env, LlamaPrefixOptions options) : LlamaTrainerBase<LlamaPrefixOptions>(env, options)
{
    private protected override FineTuneMethod Method => FineTuneMethod.Prefix;

    private protected override PrefixEncoder? Prepare(LlamaForCausalLM model) =>
        PrefixEncoder.Create(model.Config, new PrefixOptions { NumVirtualTokens = Options.VirtualTokens, Seed = Options.Training.Seed }.Validate());

    private protected override (AdapterBlobs, string) Snapshot(LlamaForCausalLM model, PrefixEncoder? prefix) =>
        (new AdapterBlobs(FilesWrittenBy(dir => PrefixWeights.Save(prefix!, dir, Path.GetFullPath(Options.ModelPath))), []), Options.ModelPath);
}
