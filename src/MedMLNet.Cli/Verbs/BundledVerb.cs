using System.CommandLine;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet bundled`: where the default model and the demo datasets that ship with the tool are, or a copy of them.</summary>
internal sealed class BundledVerb : ICliVerb
{
    public Command Build()
    {
        var output = new Option<string?>("--output") { Description = "Copy the bundled data/ folder (model and datasets, with their licences) into DIR." };
        var cmd = new Command("bundled", "Print where the bundled default model and demo datasets are; --output copies them into a folder.\n\n" +
            "Relative data/ paths (e.g. --model data/models/tiny-med-llama3) that do not exist in the current folder are read from there.\n\n" +
            "Examples:\n  medmlnet bundled\n  medmlnet bundled --output ./medmlnet-data   # then: medmlnet generate --model ./medmlnet-data/models/tiny-med-llama3 --prompt \"头痛发烧怎么办？\"")
            { output };
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(output) is { } dir)
            {
                var written = BundledData.CopyTo(dir);
                Console.WriteLine($"copied {written} file(s) into {Path.GetFullPath(dir)}");
                return 0;
            }
            var root = BundledData.Root ?? throw new CliUserException("this medmlnet build carries no bundled data (a build inside a clone: the data is in the repository's data/ folder).");
            Console.WriteLine($"data: {root}");
            Console.WriteLine($"model: {BundledData.Resolve(BundledData.DefaultModel)}");
            return 0;
        });
        return cmd;
    }
}
