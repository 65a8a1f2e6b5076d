namespace MedMLNet.Evaluation.Stats;

/// <summary>The level of measurement that defines Krippendorff's difference function.</summary>
public enum MeasurementLevel
{
    /// <summary>δ² = 0 if equal else 1.</summary>
    Nominal,
    /// <summary>δ² from the ranks' marginal counts between the two values.</summary>
    Ordinal,
    /// <summary>δ² = (c − k)².</summary>
    Interval,
    /// <summary>δ² = ((c − k)/(c + k))².</summary>
    Ratio,
}

/// <summary>Krippendorff's alpha over any number of raters with missing values (coincidence-matrix form).</summary>
public static class KrippendorffAlpha
{
    /// <summary>
    /// Alpha of reliability data: <paramref name="units"/>[u] holds the values given to unit u (missing values
    /// simply absent or null); units with fewer than two values are not pairable and ignored. NaN when there
    /// is no expected disagreement.
    /// </summary>
    public static double Compute(IEnumerable<IEnumerable<double?>> units, MeasurementLevel level)
    {
        var pairable = units.Select(u => u.Where(v => v.HasValue).Select(v => v!.Value).ToList()).Where(u => u.Count >= 2).ToList();
        var values = pairable.SelectMany(u => u).Distinct().Order().ToList();
        var index = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var v = values.Count;
        var o = new double[v, v];
        foreach (var u in pairable)
        {
            var w = 1.0 / (u.Count - 1);
            for (var a = 0; a < u.Count; a++)
                for (var b = 0; b < u.Count; b++)
                    if (a != b) o[index[u[a]], index[u[b]]] += w;
        }
        var nc = new double[v];
        for (var c = 0; c < v; c++) for (var k = 0; k < v; k++) nc[c] += o[c, k];
        var n = nc.Sum();
        double dObserved = 0, dExpected = 0;
        for (var c = 0; c < v; c++)
            for (var k = 0; k < v; k++)
            {
                if (c == k) continue;
                var d = Delta(c, k, values, nc, level);
                dObserved += o[c, k] * d;
                dExpected += nc[c] * nc[k] * d;
            }
        return dExpected == 0 ? double.NaN : 1 - (n - 1) * dObserved / dExpected;
    }

    /// <summary>Alpha from a raters × units matrix (rows raters, columns units, null = missing), as the data is usually tabled.</summary>
    public static double FromRaterRows(IReadOnlyList<IReadOnlyList<double?>> raters, MeasurementLevel level)
    {
        var units = raters.Count == 0 ? 0 : raters.Max(r => r.Count);
        return Compute(Enumerable.Range(0, units).Select(u => raters.Select(r => u < r.Count ? r[u] : null)), level);
    }

    private static double Delta(int c, int k, List<double> values, double[] nc, MeasurementLevel level)
    {
        double x = values[c], y = values[k];
        switch (level)
        {
            case MeasurementLevel.Nominal: return 1;
            case MeasurementLevel.Interval: return (x - y) * (x - y);
            case MeasurementLevel.Ratio: return x + y == 0 ? 0 : Math.Pow((x - y) / (x + y), 2);
            default:
                int lo = Math.Min(c, k), hi = Math.Max(c, k);
                double sum = 0;
                for (var g = lo; g <= hi; g++) sum += nc[g];
                var d = sum - (nc[c] + nc[k]) / 2;
                return d * d;
        }
    }
}
