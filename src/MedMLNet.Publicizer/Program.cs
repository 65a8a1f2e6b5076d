using MedMLNet.Publicizer;

// Usage: MedMLNet.Publicizer <input.dll> <output.dll> [<input.dll> <output.dll> ...]
if (args.Length == 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: MedMLNet.Publicizer <input.dll> <output.dll> [<input.dll> <output.dll> ...]");
    return 2;
}
for (var i = 0; i < args.Length; i += 2)
{
    var stats = AssemblyPublicizer.Publicize(args[i], args[i + 1]);
    Console.WriteLine($"publicized {Path.GetFileName(args[i])}: {stats}");
}
return 0;
