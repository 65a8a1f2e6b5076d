namespace MedMLNet.Tests.Support;

/// <summary>Input rows of the text-transform tests.</summary>
public sealed class TextRow
{
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";
    public float Age { get; set; }
}
