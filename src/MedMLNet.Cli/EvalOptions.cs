using System.CommandLine;

namespace MedMLNet.Cli;

/// <summary>Options shared by the evaluation verbs.</summary>
internal static class EvalOptions
{
    /// <summary>--wordnet DIR (else $MEDMLNET_WORDNET, ~/.cache/medmlnet/wordnet, /usr/share/wordnet).</summary>
    public static Option<string?> WordNet() => new("--wordnet")
    {
        Description = "WordNet 3.0 folder for METEOR (default: $MEDMLNET_WORDNET, ~/.cache/medmlnet/wordnet, /usr/share/wordnet; get it with `medmlnet wordnet install`).",
    };
}
