namespace MedMLNet.Evaluation.Reporting;

public static partial class SvgCharts
{
    /// <summary>
    /// Line chart of (x, y) series on shared linear axes (e.g. training and validation loss against the step), with the
    /// axis ranges labelled; each point carries a tooltip. Non-finite points are skipped.
    /// </summary>
    public static string Lines(string title, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series, string xLabel, string yLabel)
    {
        const int w = 720, h = 280, left = 50, right = 10, bottom = 40, top = 30;
        var all = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1) = Range(all.Select(p => p.X));
        var (y0, y1) = Range(all.Select(p => p.Y));
        double Px(double x) => left + (w - left - right) * (x - x0) / (x1 - x0);
        double Py(double y) => h - bottom - (h - top - bottom) * (y - y0) / (y1 - y0);
        var sb = Begin(title, w, h);
        sb.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{h - bottom}\" stroke=\"#999\"/>");
        sb.Append($"<text x=\"{left - 4}\" y=\"{top + 4}\" font-size=\"10\" text-anchor=\"end\">{F(y1)}</text><text x=\"{left - 4}\" y=\"{h - bottom}\" font-size=\"10\" text-anchor=\"end\">{F(y0)}</text>");
        sb.Append($"<text x=\"{left}\" y=\"{h - bottom + 14}\" font-size=\"10\">{F(x0)}</text><text x=\"{w - right}\" y=\"{h - bottom + 14}\" font-size=\"10\" text-anchor=\"end\">{F(x1)}</text>");
        sb.Append($"<text x=\"{(w + left) / 2}\" y=\"{h - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{E(xLabel)}</text><text x=\"12\" y=\"{top - 8}\" font-size=\"10\">{E(yLabel)}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var points = series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (points.Count == 0) continue;
            var colour = Palette[s % Palette.Length];
            sb.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"))}\"/>");
            if (points.Count <= 60)
                foreach (var p in points)
                    sb.Append($"<circle cx=\"{F(Px(p.X))}\" cy=\"{F(Py(p.Y))}\" r=\"2.5\" fill=\"{colour}\"><title>{E(series[s].Name)} {F(p.X)}: {p.Y:0.####}</title></circle>");
        }
        Legend(sb, series.Select(s => s.Name).ToList(), h);
        return sb.Append("</svg>").ToString();
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        var (min, max) = (list.Min(), list.Max());
        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }
}
