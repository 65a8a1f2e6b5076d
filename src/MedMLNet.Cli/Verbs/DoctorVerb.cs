using System.CommandLine;
using MedMLNet.Llama;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet doctor`: backend, libtorch version, device and threads on one line (and --json).</summary>
internal sealed class DoctorVerb : ICliVerb
{
    public Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("doctor", "Check that TorchSharp and libtorch load here; print backend, libtorch version, device and threads.\n\nExample:\n  medmlnet doctor --json") { json };
        cmd.SetAction(parse =>
        {
            var info = TorchRuntime.Describe();
            Console.WriteLine(parse.GetValue(json) ? info.ToJson() : info.ToString());
            return 0;
        });
        return cmd;
    }
}
