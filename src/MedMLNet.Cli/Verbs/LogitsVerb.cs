using System.CommandLine;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.SafeTensors;
using static TorchSharp.torch;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet logits`: one F32 tensor `logits` [T, vocab] for the given ids (no BOS added).</summary>
internal sealed class LogitsVerb : ICliVerb
{
    public Command Build()
    {
        var model = new ModelOptions();
        var ids = new Option<string>("--ids") { Description = "Comma-separated token ids, used verbatim (no BOS is added).", Required = true };
        var output = new Option<string>("--output") { Description = "Output .safetensors file (one F32 tensor 'logits' [T, vocab]).", Required = true };
        var cmd = new Command("logits", "Write the logits of a token sequence to a safetensors file.\n\nExample:\n  medmlnet logits --model DIR --adapter ADAPTER --ids 1,2,3 --output logits.safetensors") { ids, output };
        model.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var tokens = ModelOptions.ParseIds(parse.GetValue(ids)!, "--ids");
            using var loaded = model.Load(parse);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = tensor(tokens.Select(x => (long)x).ToArray()).unsqueeze(0);
            if (tokens.Any(t => t < 0 || t >= loaded.Model.Config.VocabSize))
                throw new CliUserException($"--ids must be in [0, {loaded.Model.Config.VocabSize}) for this model.");
            var logits = loaded.Model.Forward(new LlamaInputs(input) { PastKeyValues = loaded.Prefix?.ToCache(1, loaded.Model.DType) })[0].to(ScalarType.Float32);
            SafeTensorsWriter.Save(parse.GetValue(output)!, new Dictionary<string, Tensor> { ["logits"] = logits });
            return 0;
        });
        return cmd;
    }
}
