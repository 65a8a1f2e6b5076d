using System.CommandLine;
using System.Globalization;
using MedMLNet.Llama.Adapters.Federation;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet federate --adapters A B C [--weights n_a,n_b,n_c] [--mode separate|svd] --output DIR`: FedAvg of LoRA adapters.</summary>
internal sealed class FederateVerb : ICliVerb
{
    private const string Help =
        "Average LoRA adapters trained at sites that cannot pool their data (FedAvg).\n\n" +
        "Weights (default equal) are normalised to sum 1; pass each site's sample count.\n" +
        "  --mode separate  A = Σ w_k·A_k and B = Σ w_k·B_k (the classic FedAvg of parameters).\n" +
        "  --mode svd       the exact averaged update ΔW = Σ w_k·B_k·A_k·scaling, re-factorised to rank r by truncated SVD:\n" +
        "                   B = U_r·√S_r/√scaling, A = √S_r·V_rᵀ/√scaling (exact when rank(ΔW) ≤ r).\n" +
        "The adapters must share r, lora_alpha, use_rslora, target_modules and base model.\n\n" +
        "Example:\n  medmlnet federate --adapters siteA/ siteB/ siteC/ --weights 1200,800,400 --mode svd --output global/";

    public Command Build()
    {
        var adapters = new Option<string[]>("--adapters") { Description = "PEFT LoRA adapter folders, one per site.", Required = true, AllowMultipleArgumentsPerToken = true };
        var weights = new Option<string?>("--weights") { Description = "Comma-separated positive weights, one per adapter (e.g. sample counts)." };
        var mode = new Option<string>("--mode") { Description = "separate|svd (see above).", DefaultValueFactory = _ => "separate" };
        var output = new Option<string>("--output") { Description = "Folder for the averaged adapter.", Required = true };
        var cmd = new Command("federate", Help) { adapters, weights, mode, output };
        cmd.SetAction((parse, ct) =>
        {
            var dirs = parse.GetValue(adapters)!;
            var m = parse.GetValue(mode) switch
            {
                "separate" => FederationMode.Separate,
                "svd" => FederationMode.Svd,
                var other => throw new CliUserException($"unknown --mode '{other}'; use separate or svd."),
            };
            var w = parse.GetValue(weights) is { } text ? ParseWeights(text) : null;
            LoraFederation.Average(dirs, w, m, parse.GetValue(output)!, ct);
            Console.WriteLine($"federated {dirs.Length} adapters ({parse.GetValue(mode)}) -> {parse.GetValue(output)}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static double[] ParseWeights(string text) =>
        text.Split(',').Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new CliUserException($"--weights '{text}': '{p}' is not a number; give one positive number per adapter, e.g. 1200,800,400.")).ToArray();
}
