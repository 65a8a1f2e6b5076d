using System.Globalization;
using System.Net;
using System.Text;

namespace MedMLNet.Evaluation.Reporting;

/// <summary>Inline SVG charts (no scripts, no external files): grouped bars and overlaid histograms.</summary>
public static partial class SvgCharts
{
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"];

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Grouped bar chart: one group per category, one bar per series (values ≥ 0).</summary>
    public static string Bars(string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string valueFormat = "0.###")
    {
        const int w = 720, h = 280, left = 50, bottom = 40, top = 30;
        var max = Math.Max(1e-9, series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var groupW = (w - left - 10.0) / Math.Max(1, categories.Count);
        var barW = groupW * 0.8 / Math.Max(1, series.Count);
        var sb = Begin(title, w, h);
        for (var c = 0; c < categories.Count; c++)
        {
            var gx = left + c * groupW + groupW * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                var v = c < series[s].Values.Count && double.IsFinite(series[s].Values[c]) ? series[s].Values[c] : 0;
                var bh = (h - top - bottom) * v / max;
                var x = gx + s * barW;
                sb.Append($"<rect x=\"{F(x)}\" y=\"{F(h - bottom - bh)}\" width=\"{F(barW - 1)}\" height=\"{F(bh)}\" fill=\"{Palette[s % Palette.Length]}\"><title>{E(series[s].Name)} {E(categories[c])}: {v.ToString(valueFormat, CultureInfo.InvariantCulture)}</title></rect>");
                sb.Append($"<text x=\"{F(x + barW / 2)}\" y=\"{F(h - bottom - bh - 3)}\" font-size=\"9\" text-anchor=\"middle\">{v.ToString(valueFormat, CultureInfo.InvariantCulture)}</text>");
            }
            sb.Append($"<text x=\"{F(gx + groupW * 0.4)}\" y=\"{h - bottom + 15}\" font-size=\"11\" text-anchor=\"middle\">{E(categories[c])}</text>");
        }
        Legend(sb, series.Select(s => s.Name).ToList(), h);
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Histogram of per-item values, one translucent series per system, over [min, max] in <paramref name="bins"/> bins.</summary>
    public static string Histogram(string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, double min, double max, int bins = 10)
    {
        const int w = 720, h = 240, left = 50, bottom = 40, top = 30;
        var counts = series.Select(s => Bin(s.Values, min, max, bins)).ToList();
        var peak = Math.Max(1, counts.SelectMany(c => c).DefaultIfEmpty(0).Max());
        var binW = (w - left - 10.0) / bins;
        var sb = Begin(title, w, h);
        for (var s = 0; s < series.Count; s++)
            for (var b = 0; b < bins; b++)
            {
                var bh = (h - top - bottom) * counts[s][b] / (double)peak;
                sb.Append($"<rect x=\"{F(left + b * binW)}\" y=\"{F(h - bottom - bh)}\" width=\"{F(binW - 1)}\" height=\"{F(bh)}\" fill=\"{Palette[s % Palette.Length]}\" fill-opacity=\"0.55\"><title>{E(series[s].Name)}: {counts[s][b]}</title></rect>");
            }
        for (var b = 0; b <= bins; b += Math.Max(1, bins / 5))
            sb.Append($"<text x=\"{F(left + b * binW)}\" y=\"{h - bottom + 15}\" font-size=\"10\" text-anchor=\"middle\">{F(min + (max - min) * b / bins)}</text>");
        sb.Append($"<text x=\"{left - 5}\" y=\"{top + 10}\" font-size=\"10\" text-anchor=\"end\">{peak}</text>");
        Legend(sb, series.Select(s => s.Name).ToList(), h);
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Counts per bin; the top edge belongs to the last bin; values outside [min, max] are clamped.</summary>
    public static int[] Bin(IReadOnlyList<double> values, double min, double max, int bins)
    {
        var counts = new int[bins];
        foreach (var v in values.Where(double.IsFinite))
        {
            var b = max > min ? (int)Math.Floor((v - min) / (max - min) * bins) : 0;
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return counts;
    }

    private static StringBuilder Begin(string title, int w, int h) =>
        new StringBuilder().Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">")
            .Append($"<title>{E(title)}</title><text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text>")
            .Append($"<line x1=\"50\" y1=\"{h - 40}\" x2=\"{w - 10}\" y2=\"{h - 40}\" stroke=\"#999\"/>");

    private static void Legend(StringBuilder sb, IReadOnlyList<string> names, int h)
    {
        for (var s = 0; s < names.Count; s++)
            sb.Append($"<rect x=\"{60 + s * 140}\" y=\"{h - 14}\" width=\"10\" height=\"10\" fill=\"{Palette[s % Palette.Length]}\"/><text x=\"{74 + s * 140}\" y=\"{h - 5}\" font-size=\"11\">{E(names[s])}</text>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
