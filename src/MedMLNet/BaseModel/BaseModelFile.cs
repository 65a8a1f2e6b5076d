namespace MedMLNet.BaseModel;

/// <summary>One identifying file of a base checkpoint and its SHA-256.</summary>
/// <param name="Role">What the file is: <see cref="BaseModelReference.ConfigRole"/>, <see cref="BaseModelReference.WeightIndexRole"/>, <see cref="BaseModelReference.TokenizerRole"/>.</param>
/// <param name="RelativePath">File name inside the checkpoint folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of what <see cref="CheckpointHasher"/> hashes for the role.</param>
public sealed record BaseModelFile(string Role, string RelativePath, string Sha256);
