using System.Globalization;

namespace MedMLNet.Data;

/// <summary>The three splits.</summary>
public enum SplitName
{
    /// <summary>Training set.</summary>
    Train,
    /// <summary>Validation set.</summary>
    Validation,
    /// <summary>Test set.</summary>
    Test,
}

/// <summary>Split fractions (non-negative, summing to 1) and the seed that orders groups.</summary>
public sealed record SplitOptions
{
    /// <summary>Fraction for training (default 0.8).</summary>
    public double Train { get; init; } = 0.8;

    /// <summary>Fraction for validation (default 0.1).</summary>
    public double Validation { get; init; } = 0.1;

    /// <summary>Fraction for test (default 0.1).</summary>
    public double Test { get; init; } = 0.1;

    /// <summary>Seed for the group order (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The fractions in <see cref="SplitName"/> order.</summary>
    public double[] Fractions => [Train, Validation, Test];

    /// <summary>Parses "0.8,0.1,0.1" (three fractions, or two with test = 1 − the others); throws <see cref="ArgumentException"/>.</summary>
    public static SplitOptions Parse(string text, int seed = 1)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new ArgumentException($"--split '{text}': '{parts[i]}' is not a number; write three fractions like 0.8,0.1,0.1.");
        if (values.Length == 2) values = [values[0], values[1], Math.Round(1 - values[0] - values[1], 12)];
        if (values.Length != 3) throw new ArgumentException($"--split '{text}': give three fractions (train,validation,test) like 0.8,0.1,0.1.");
        var options = new SplitOptions { Train = values[0], Validation = values[1], Test = values[2], Seed = seed };
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the fractions are valid.</summary>
    public void Validate()
    {
        if (Fractions.Any(f => f < 0 || double.IsNaN(f)) || Math.Abs(Fractions.Sum() - 1) > 1e-6 || Train <= 0)
            throw new ArgumentException($"split fractions {Train},{Validation},{Test} must be non-negative, sum to 1, and give training a share.");
    }
}
