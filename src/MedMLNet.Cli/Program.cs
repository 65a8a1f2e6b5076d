using System.CommandLine;
using MedMLNet.Cli;

// medmlnet: every verb is an ICliVerb in Verbs/, discovered here so verbs never edit this file.
var root = new RootCommand("medmlnet — fine-tune and serve Llama 3 for medical dialogue, inside ML.NET.");
foreach (var verb in CliVerbs.All())
    root.Add(verb.Build());
return await CliHost.RunAsync(root, args);
