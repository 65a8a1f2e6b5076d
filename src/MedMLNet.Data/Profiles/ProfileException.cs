namespace MedMLNet.Data.Profiles;

/// <summary>A patient profile value that cannot be used: names the field, the reason and the fix.</summary>
public sealed class ProfileException(string message) : ArgumentException(message);
