namespace MedMLNet.Llama.Checkpoints;

/// <summary>`rope_scaling` of a Llama 3.1/3.2 config (rope_type "llama3").</summary>
public sealed record RopeScaling(string RopeType, double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings);
