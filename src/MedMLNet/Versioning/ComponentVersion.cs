using Microsoft.ML;

namespace MedMLNet.Versioning;

/// <summary>
/// Checks a saved component's version header before reading it, with messages that say which
/// component, which versions, and what to do (ML.NET's own message swaps the numbers it reports).
/// </summary>
/// <remarks>
/// Versions follow ML.NET's scheme: 0xMMMMmmmm; a component writes <c>verWrittenCur</c>, declares the
/// oldest reader that understands it as <c>verReadableCur</c>, and reads back anything written at or
/// after <c>verWeCanReadBack</c>.
/// </remarks>
internal static class ComponentVersion
{
    /// <summary>Throws <see cref="InvalidOperationException"/> if the saved component is too new or too old, then positions the reader at the model.</summary>
    public static void Check(ModelLoadContext ctx, VersionInfo ours, string component)
    {
        var header = ctx.Header;
        if (header.ModelSignature == ours.ModelSignature)
        {
            if (header.ModelVerReadable > ours.VerWrittenCur)
                throw new InvalidOperationException(
                    $"The model's '{component}' component (loader '{ours.LoaderSignature}') was written in format {Hex(header.ModelVerWritten)} " +
                    $"and needs a reader of format {Hex(header.ModelVerReadable)} or newer; this build of MedMLNet reads up to {Hex(ours.VerWrittenCur)}. " +
                    "Upgrade MedMLNet to load this model.");
            if (header.ModelVerWritten < ours.VerWeCanReadBack)
                throw new InvalidOperationException(
                    $"The model's '{component}' component (loader '{ours.LoaderSignature}') was written in format {Hex(header.ModelVerWritten)}, " +
                    $"older than the oldest this build of MedMLNet reads ({Hex(ours.VerWeCanReadBack)}). Re-create the model with this version.");
        }
        ctx.CheckAtModel(ours);
    }

    /// <summary>Formats a version as ML.NET writes them in source (0x00010001).</summary>
    public static string Hex(uint version) => $"0x{version:X8}";
}
