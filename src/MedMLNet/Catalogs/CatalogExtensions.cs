using Microsoft.ML;

namespace MedMLNet.Catalogs;

/// <summary>Entry points: <c>mlContext.Transforms.Medical</c> and <c>mlContext.Llama</c>.</summary>
public static class CatalogExtensions
{
    extension(TransformsCatalog transforms)
    {
        /// <summary>Medical text transforms: normalization, and (from the data layer) cleaning, PHI redaction, chat formatting.</summary>
        public MedicalTransformsCatalog Medical => new(transforms);
    }

    extension(MLContext mlContext)
    {
        /// <summary>Llama fine-tuning, chat and evaluation components.</summary>
        public LlamaCatalog Llama => new(mlContext);
    }

    /// <summary>
    /// What ML.NET's own readers throw on a damaged zip, as an <see cref="InvalidDataException"/> naming the file: an entry
    /// that ends early, or a component header naming an assembly that cannot be loaded. Null for any other exception.
    /// </summary>
    private static InvalidDataException? Damaged(string filePath, Exception e) => e switch
    {
        EndOfStreamException => new($"'{filePath}' is not a loadable model: an entry ends before the data it declares (the file is truncated, damaged or was crafted).", e),
        not (InvalidDataException or FormatException or OutOfMemoryException) when Within(e, typeof(Microsoft.ML.Data.IO.BinaryLoader)) =>
            new($"'{filePath}' is not a loadable model: its Schema entry cannot be read ({e.GetType().Name}: {e.Message}); the file is damaged or was crafted.", e),
        _ when IsAssemblyLoadFailure(e) => new($"'{filePath}' is not a loadable model: a component names an assembly that cannot be loaded ({e.Message}); the file is damaged or was crafted, or it needs a component this application does not reference.", e),
        _ => null,
    };

    /// <summary>Whether <paramref name="e"/> came out of <see cref="System.Reflection.Assembly.Load(string)"/> (ML.NET loads each component's recorded assembly name).</summary>
    private static bool IsAssemblyLoadFailure(Exception e) =>
        e is FileLoadException or BadImageFormatException or FileNotFoundException or ArgumentException
        && new System.Diagnostics.StackTrace(e).GetFrames().Any(f => f.GetMethod() is { Name: "Load" } m && m.DeclaringType == typeof(System.Reflection.Assembly));

    private static bool Within(Exception e, Type type) => new System.Diagnostics.StackTrace(e).GetFrames().Any(f => f.GetMethod()?.DeclaringType == type);

    extension(ModelOperationsCatalog model)
    {
        /// <summary>
        /// <c>Model.Save</c> without ever leaving a torn zip: the model is written to a temp file in the same folder, flushed
        /// to disk and renamed over <paramref name="filePath"/>. A crash, kill or full disk mid-save leaves the previous zip
        /// (if any) as it was.
        /// </summary>
        public void SaveAtomic(ITransformer transformer, DataViewSchema? inputSchema, string filePath) =>
            IO.AtomicFile.Write(filePath, stream => model.Save(transformer, inputSchema, stream));

        /// <summary>
        /// Loads a model saved with <c>Model.Save</c> after rejecting zips with unsafe entry paths, looking
        /// for base checkpoints in <paramref name="baseModelDirectory"/> first when it is given. A component's own error
        /// (missing or changed base checkpoint, unreadable version, corrupt entry) is thrown as itself, not wrapped in
        /// ML.NET's reflection exception.
        /// </summary>
        public ITransformer LoadChecked(string filePath, out DataViewSchema inputSchema, string? baseModelDirectory = null)
        {
            Loading.ArchiveGuard.Check(filePath);
            using var scope = baseModelDirectory == null ? null : BaseModel.BaseModelLocator.UseDirectory(baseModelDirectory);
            try { return model.Load(filePath, out inputSchema); }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is { } inner)
            {
                // A component inside a TransformerChain is constructed by reflection from a constructor that was itself
                // invoked by reflection: unwrap every level, so the component's own error reaches the caller.
                while (inner is System.Reflection.TargetInvocationException { InnerException: { } deeper }) inner = deeper;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(Damaged(filePath, inner) ?? inner);
                throw;
            }
            catch (Exception e) when (Damaged(filePath, e) is { } damaged) { throw damaged; } // raised by ML.NET's own readers
        }
    }
}
