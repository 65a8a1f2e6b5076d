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
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
