using MedMLNet.Cli;

// medmlnet: every verb is an ICliVerb in Verbs/, discovered by CliHost.CreateRoot so verbs never edit this file.
return await CliHost.RunAsync(CliHost.CreateRoot(), args);
