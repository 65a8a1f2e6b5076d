using System.CommandLine;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet merge`: fold a LoRA adapter into its base (W += B·A·scaling in fp32) and save a HF checkpoint.</summary>
internal sealed class MergeVerb : ICliVerb
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Base checkpoint folder.", Required = true };
        var adapter = new Option<string>("--adapter") { Description = "PEFT LoRA adapter folder.", Required = true };
        var output = new Option<string>("--output") { Description = "Folder for the merged Hugging Face checkpoint.", Required = true };
        var dtype = new Option<string?>("--dtype") { Description = "Stored dtype (default: the base checkpoint's torch_dtype)." };
        var cmd = new Command("merge", "Merge a LoRA adapter into its base model and save a Hugging Face checkpoint.\n\nExample:\n  medmlnet merge --model base/ --adapter runs/lora/ --output merged/") { model, adapter, output, dtype };
        cmd.SetAction(parse =>
        {
            var baseDir = parse.GetValue(model)!;
            var stored = DTypes.Parse(parse.GetValue(dtype) ?? LlamaConfig.Load(Path.Combine(baseDir, LlamaCheckpoint.ConfigFile)).TorchDtype);
            using var m = LlamaForCausalLM.FromPretrained(baseDir, TorchSharp.torch.ScalarType.Float32);
            var peft = PeftAdapter.Apply(m, parse.GetValue(adapter)!);
            if (peft.Kind != "LORA") throw new CliUserException($"only LoRA adapters can be merged into the weights; {parse.GetValue(adapter)} is {peft.Kind}.");
            LoraWeights.Merge(m);
            CheckpointWriter.Save(m, parse.GetValue(output)!, stored);
            Console.WriteLine($"merged {parse.GetValue(adapter)} into {baseDir} -> {parse.GetValue(output)} ({DTypes.Name(stored)})");
            return 0;
        });
        return cmd;
    }
}
