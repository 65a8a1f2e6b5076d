using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Training;
using Microsoft.ML.Runtime;

namespace MedMLNet.LlamaChat;

/// <summary>LoRA fine-tuning as an ML.NET trainer: the fitted transformer carries the PEFT LoRA adapter (base weights frozen).</summary>
public sealed class LlamaLoraTrainer(IHostEnvironment env, LlamaLoraOptions options) : LlamaTrainerBase<LlamaLoraOptions>(env, options)
{
    private LoraOptions Lora => new LoraOptions
    {
        Rank = Options.Rank, Alpha = Options.Alpha, Dropout = Options.Dropout, UseRsLora = Options.UseRsLora,
        TargetModules = [.. Options.TargetModules], Seed = Options.Training.Seed,
    }.Validate();

    private protected override FineTuneMethod Method => FineTuneMethod.Lora;

    private protected override PrefixEncoder? Prepare(LlamaForCausalLM model)
    {
        LoraWeights.Attach(model, Lora);
        return null;
    }

    private protected override (AdapterBlobs, string) Snapshot(LlamaForCausalLM model, PrefixEncoder? prefix) =>
        (new AdapterBlobs(FilesWrittenBy(dir => LoraWeights.Save(model, Lora, dir, Path.GetFullPath(Options.ModelPath))), []), Options.ModelPath);
}
