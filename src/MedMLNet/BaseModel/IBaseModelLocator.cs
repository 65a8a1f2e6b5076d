namespace MedMLNet.BaseModel;

/// <summary>Finds the base checkpoint a loaded model refers to.</summary>
public interface IBaseModelLocator
{
    /// <summary>
    /// Returns the folder holding the checkpoint described by <paramref name="reference"/>, verified by hash;
    /// throws <see cref="BaseModelNotFoundException"/> when it is missing or differs.
    /// </summary>
    string Locate(BaseModelReference reference);
}

/// <summary>The base checkpoint a model refers to is missing, or a candidate folder's files differ from the recorded hashes.</summary>
public sealed class BaseModelNotFoundException(string message) : Exception(message);
