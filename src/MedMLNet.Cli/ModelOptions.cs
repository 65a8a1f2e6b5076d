using System.CommandLine;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;

namespace MedMLNet.Cli;

/// <summary>The options every model-running verb shares: --model, --adapter, --dtype.</summary>
internal sealed class ModelOptions
{
    public readonly Option<string> Model = new("--model")
    {
        Description = "Hugging Face Llama checkpoint folder (config.json, *.safetensors); data/models/tiny-med-llama3 is bundled with the tool.",
        Required = true,
        CustomParser = r => BundledData.Resolve(r.Tokens.Single().Value),
    };
    public readonly Option<string?> Adapter = new("--adapter") { Description = "PEFT adapter folder (LoRA or prefix tuning) to apply." };
    public readonly Option<string> DType = new("--dtype") { Description = "Compute dtype: float32 or bfloat16.", DefaultValueFactory = _ => "float32" };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Adapter);
        command.Add(DType);
    }

    /// <summary>Loads the model (and adapter) the options name.</summary>
    public LoadedModel Load(ParseResult parse)
    {
        var model = LlamaForCausalLM.FromPretrained(parse.GetValue(Model)!, DTypes.Parse(parse.GetValue(DType)!));
        var adapterDir = parse.GetValue(Adapter);
        try
        {
            var adapter = adapterDir is null ? null : PeftAdapter.Apply(model, adapterDir);
            return new LoadedModel(model, adapter);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Parses "1,2,3" into ids.</summary>
    public static int[] ParseIds(string text, string option)
    {
        try
        {
            var ids = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            return ids.Length > 0 ? ids : throw new FormatException();
        }
        catch (FormatException) { throw new CliUserException($"{option} must be comma-separated token ids like 1,2,3, got '{text}'."); }
    }
}

/// <summary>A loaded model with its optional adapter.</summary>
internal sealed record LoadedModel(LlamaForCausalLM Model, PeftAdapter? Adapter) : IDisposable
{
    public PrefixEncoder? Prefix => Adapter?.Prefix;

    public void Dispose()
    {
        Adapter?.Dispose();
        Model.Dispose();
    }
}
