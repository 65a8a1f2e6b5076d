using System.CommandLine;

namespace MedMLNet.Cli;

/// <summary>One `medmlnet` verb. Implementations live in Verbs/ and are found by reflection.</summary>
internal interface ICliVerb
{
    /// <summary>Builds the command with its options and action.</summary>
    Command Build();
}

internal static class CliVerbs
{
    /// <summary>Every verb in this assembly, by command name.</summary>
    public static IEnumerable<ICliVerb> All() =>
        typeof(ICliVerb).Assembly.GetTypes()
            .Where(t => typeof(ICliVerb).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliVerb)Activator.CreateInstance(t)!)
            .OrderBy(v => v.GetType().Name, StringComparer.Ordinal);
}
