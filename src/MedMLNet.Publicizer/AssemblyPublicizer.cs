using Mono.Cecil;
using MedMLNet.IO;

namespace MedMLNet.Publicizer;

/// <summary>
/// Makes every type and member of an assembly visible to the C# compiler, keeping the assembly's
/// identity (name, version, public key) so code compiled against the copy binds to the real assembly
/// at run time, where <c>IgnoresAccessChecksToAttribute</c> lets it through.
/// </summary>
/// <remarks>
/// Rules: types become public (nested: NestedPublic); virtual <c>private protected</c> methods become
/// <c>protected</c> (so C# overrides stay <c>protected override</c>, a widening the runtime accepts) and
/// protected virtual ones stay; every other non-public field and method becomes public. Left alone: explicit interface implementations,
/// compiler-generated names (<c>&lt;…&gt;</c>), event backing fields (they would clash with the event),
/// and types in <c>System.*</c> / <c>Microsoft.CodeAnalysis</c> (polyfills that would clash with the BCL).
/// </remarks>
public static class AssemblyPublicizer
{
    /// <summary>Reads <paramref name="input"/>, publicizes it and writes <paramref name="output"/> atomically.</summary>
    public static PublicizeStats Publicize(string input, string output)
    {
        var stats = new PublicizeStats();
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);
        using (var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { ReadingMode = ReadingMode.Immediate, AssemblyResolver = resolver }))
        {
            foreach (var module in assembly.Modules)
                foreach (var type in module.Types)
                    PublicizeType(type, stats);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            AtomicFile.Write(output, stream => assembly.Write(stream));
        }
        return stats;
    }

    private static void PublicizeType(TypeDefinition type, PublicizeStats stats)
    {
        if (IsExcluded(type)) return;
        if (type.Name != "<Module>")
        {
            if (type.IsNested && !type.IsNestedPublic) { type.IsNestedPublic = true; stats.Types++; }
            else if (!type.IsNested && !type.IsPublic) { type.IsPublic = true; stats.Types++; }
        }

        var eventNames = new HashSet<string>(type.Events.Select(e => e.Name));
        foreach (var field in type.Fields)
        {
            if (field.IsPublic || IsCompilerGenerated(field.Name) || eventNames.Contains(field.Name)) continue;
            field.IsPublic = true;
            stats.Fields++;
        }

        foreach (var method in type.Methods)
        {
            if (method.IsPublic || IsCompilerGenerated(method.Name)) continue;
            if (method.IsPrivate && method.HasOverrides) continue; // explicit interface implementation
            if (method.IsVirtual && method.IsFamilyAndAssembly) method.IsFamily = true;
            else if (method.IsFamily && method.IsVirtual) continue; // protected virtual: overridable already
            else method.IsPublic = true;
            stats.Methods++;
        }

        foreach (var nested in type.NestedTypes)
            PublicizeType(nested, stats);
    }

    private static bool IsExcluded(TypeDefinition type)
    {
        if (IsCompilerGenerated(type.Name)) return true;
        var ns = type.IsNested ? OuterMost(type).Namespace : type.Namespace;
        return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);
    }

    private static TypeDefinition OuterMost(TypeDefinition type)
    {
        while (type.DeclaringType != null) type = type.DeclaringType;
        return type;
    }

    private static bool IsCompilerGenerated(string name) => name.Contains('<');
}

/// <summary>Counts of what <see cref="AssemblyPublicizer"/> changed.</summary>
public sealed class PublicizeStats
{
    /// <summary>Types made public.</summary>
    public int Types { get; set; }

    /// <summary>Fields made public.</summary>
    public int Fields { get; set; }

    /// <summary>Methods (including accessors and constructors) made public or protected.</summary>
    public int Methods { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Types} types, {Fields} fields, {Methods} methods";
}
