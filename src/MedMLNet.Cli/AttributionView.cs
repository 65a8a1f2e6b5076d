using System.Net;
using System.Text;
using MedMLNet.Llama.Explain;
using Spectre.Console;

namespace MedMLNet.Cli;

/// <summary>Renders attribution scores: Spectre.Console markup (green supports, red opposes) and a self-contained HTML page.</summary>
internal static class AttributionView
{
    /// <summary>Scores scaled to [-1, 1] by the largest |score| (all zero → all 0).</summary>
    public static double[] Normalised(IReadOnlyList<float> scores)
    {
        var max = scores.Count == 0 ? 0 : scores.Max(s => Math.Abs(s));
        return scores.Select(s => max > 0 ? s / max : 0.0).ToArray();
    }

    public static string Markup(IReadOnlyList<string> tokens, IReadOnlyList<float> scores)
    {
        var n = Normalised(scores);
        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var level = (int)Math.Round(Math.Abs(n[i]) * 255);
            var colour = n[i] >= 0 ? $"rgb(0,{level},0)" : $"rgb({level},0,0)";
            sb.Append($"[white on {colour}]").Append(Spectre.Console.Markup.Escape(tokens[i])).Append("[/]");
        }
        return sb.ToString();
    }

    public static string Html(IReadOnlyList<string> tokens, IReadOnlyList<AttributionResult> results, string reply)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>medmlnet explain</title><style>")
          .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto}span.t{padding:2px 1px;border-radius:3px;white-space:pre-wrap}")
          .Append("</style></head><body><h1>Input attribution</h1><p>Reply: <b>").Append(WebUtility.HtmlEncode(reply)).Append("</b></p>");
        foreach (var r in results)
        {
            var n = Normalised(r.Scores);
            sb.Append("<h2>").Append(r.Method == AttributionMethod.GradientTimesInput ? "Gradient × input" : "Occlusion")
              .Append($"</h2><p>log p(reply | prompt) = {r.ReplyLogLikelihood:F4}; green supports the reply, red opposes it.</p><p>");
            for (var i = 0; i < tokens.Count; i++)
            {
                var a = Math.Abs(n[i]).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
                var rgb = n[i] >= 0 ? "0,160,0" : "200,0,0";
                sb.Append($"<span class=\"t\" style=\"background:rgba({rgb},{a})\" title=\"{r.Scores[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}\">")
                  .Append(WebUtility.HtmlEncode(tokens[i])).Append("</span>");
            }
            sb.Append("</p>");
        }
        return sb.Append("</body></html>\n").ToString();
    }
}
