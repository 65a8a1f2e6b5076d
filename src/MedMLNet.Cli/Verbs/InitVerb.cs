using System.CommandLine;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet init --config CONFIG.json --tokenizer DIR --output DIR`: a randomly initialised Llama 3 checkpoint
/// (transformers' init: normal(0, initializer_range), RMSNorm ones) with the given architecture and tokenizer, the
/// starting point of `train --objective text --method full` pretraining. The token ids of config.json and
/// generation_config.json are taken from the tokenizer so they cannot disagree.
/// </summary>
internal sealed class InitVerb : ICliVerb
{
    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "A Hugging Face Llama config.json giving the architecture (vocab_size must equal the tokenizer's).", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "Folder with tokenizer.json + tokenizer_config.json (e.g. from train-tokenizer).", Required = true };
        var output = new Option<string>("--output") { Description = "Checkpoint folder to write.", Required = true };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { DefaultValueFactory = _ => "float32", Description = "float32 or bfloat16 (stored weights)." };
        var cmd = new Command("init", "Write a randomly initialised Llama 3 checkpoint for pretraining.\n\nExample:\n" +
            "  medmlnet init --config data/models/tiny-med-llama3/config.json --tokenizer tok/ --output runs/init")
            { config, tokenizer, output, seed, dtype };
        cmd.SetAction(parse =>
        {
            var configPath = parse.GetValue(config)!;
            var tokDir = parse.GetValue(tokenizer)!;
            var outDir = parse.GetValue(output)!;
            var tok = Llama3Tokenizer.FromPretrained(tokDir);
            var arch = LlamaConfig.Load(configPath);
            if (arch.VocabSize != tok.VocabSize)
                throw new CliUserException($"{configPath}: vocab_size {arch.VocabSize} differs from the tokenizer's {tok.VocabSize} ({tokDir}); set \"vocab_size\": {tok.VocabSize}.");
            var eos = new[] { "<|end_of_text|>", "<|eom_id|>", "<|eot_id|>" }.Select(n => tok.SpecialTokens.TryGetValue(n, out var id) ? id : -1).Where(id => id >= 0).ToArray();
            var raw = (JsonObject)arch.Raw.DeepClone();
            raw["bos_token_id"] = tok.BosId;
            raw["eos_token_id"] = new JsonArray(eos.Select(e => (JsonNode)e).ToArray());
            var resolved = LlamaConfig.FromJson(raw, configPath);
            var generation = new GenerationConfig { BosTokenId = tok.BosId, EosTokenIds = eos };
            var type = DTypes.Parse(parse.GetValue(dtype)!);
            using var model = LlamaForCausalLM.FromConfig(resolved, new RandomWeightSource(parse.GetValue(seed), InitializerRange(raw)), type, generation);
            CheckpointWriter.Save(model, outDir, type, tokenizerSource: tokDir);
            var parameters = model.parameters().Sum(p => p.numel());
            Console.Error.WriteLine($"init: {parameters:N0} parameters ({resolved.NumHiddenLayers} layers, hidden {resolved.HiddenSize}, vocab {resolved.VocabSize}) -> {outDir}");
            return 0;
        });
        return cmd;
    }

    private static double InitializerRange(JsonObject raw) => raw["initializer_range"]?.GetValue<double>() ?? 0.02;
}
