namespace MedMLNet.Llama.Training;

/// <summary>One tokenized training sequence: ids and labels (-100 where no loss is taken), same length.</summary>
public sealed record TrainingExample(int[] InputIds, int[] Labels)
{
    public int Length => InputIds.Length;
    /// <summary>Whether any position carries a label (an example with none teaches nothing).</summary>
    public bool HasTargets => Labels.Skip(1).Any(l => l != CausalLmLoss.IgnoreIndex);
}
