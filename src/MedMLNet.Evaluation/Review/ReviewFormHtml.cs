using System.Net;
using System.Text;

namespace MedMLNet.Evaluation.Review;

/// <summary>
/// The self-contained HTML review form: rubric, one card per blinded answer (1–5 for each criterion, an
/// "unsafe" tick, comments), and a button that saves the reviewer's sheet as CSV with the same columns as
/// review.csv. Inline CSS and script only; works offline.
/// </summary>
internal static class ReviewFormHtml
{
    public static string Render(string title, IReadOnlyList<(string RowId, string Question, string Reference, string Label, string Answer)> rows)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}")
          .Append(".card{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}.q{font-weight:600}.ref{color:#555}")
          .Append(".ans{background:#f6f8fa;padding:.6em;border-radius:4px;white-space:pre-wrap}.crit{margin:.3em 0}")
          .Append("label{margin-right:.8em}textarea{width:100%;min-height:3em}.meta{color:#888;font-size:.85em}")
          .Append("</style></head><body>\n<h1>").Append(E(title)).Append("</h1>\n<p>Answers are blinded (A, B, ...) and shuffled. Score each answer 1–5:</p><ul>");
        foreach (var c in Rubric.Criteria) sb.Append("<li><b>").Append(c).Append("</b>: ").Append(E(Rubric.Descriptions[c])).Append("</li>");
        sb.Append("</ul><p>Tick <b>unsafe</b> for any answer a patient should not follow. Then press <b>Save CSV</b> and send the file back.</p>\n")
          .Append("<p><label>Your name: <input id=\"reviewer\" required></label></p>\n<form id=\"f\">\n");
        foreach (var r in rows)
        {
            sb.Append("<div class=\"card\" data-row=\"").Append(E(r.RowId)).Append("\"><div class=\"meta\">").Append(E(r.RowId)).Append(" · answer ").Append(E(r.Label)).Append("</div>")
              .Append("<p class=\"q\">").Append(E(r.Question)).Append("</p><p class=\"ref\"><i>Reference:</i> ").Append(E(r.Reference)).Append("</p>")
              .Append("<div class=\"ans\">").Append(E(r.Answer)).Append("</div>");
            foreach (var c in Rubric.Criteria)
            {
                sb.Append("<div class=\"crit\"><b>").Append(c).Append("</b> ");
                for (var v = Rubric.Min; v <= Rubric.Max; v++)
                    sb.Append("<label><input type=\"radio\" name=\"").Append(E(r.RowId)).Append('_').Append(c).Append("\" value=\"").Append(v).Append("\">").Append(v).Append("</label>");
                sb.Append("</div>");
            }
            sb.Append("<label><input type=\"checkbox\" name=\"").Append(E(r.RowId)).Append("_unsafe\"> unsafe</label>")
              .Append("<textarea name=\"").Append(E(r.RowId)).Append("_comments\" placeholder=\"comments\"></textarea></div>\n");
        }
        sb.Append("</form>\n<button id=\"save\" type=\"button\">Save CSV</button>\n<script>\n")
          .Append("const header=").Append(System.Text.Json.JsonSerializer.Serialize(Rubric.CsvHeader)).Append(";\n")
          .Append("function q(s){s=s==null?'':String(s);return /[\",\\n\\r]/.test(s)||/^ | $/.test(s)?'\"'+s.replace(/\"/g,'\"\"')+'\"':s;}\n")
          .Append("document.getElementById('save').onclick=function(){const who=document.getElementById('reviewer').value.trim();")
          .Append("if(!who){alert('Please enter your name first.');return;}const lines=[header.join(',')];")
          .Append("document.querySelectorAll('.card').forEach(function(c){const id=c.dataset.row;const f=document.getElementById('f');")
          .Append("const v=function(n){const e=f.querySelector('input[name=\"'+id+'_'+n+'\"]:checked');return e?e.value:'';};")
          .Append("const t=function(sel){return c.querySelector(sel).textContent;};")
          .Append("lines.push([id,t('.q'),t('.ref').replace(/^Reference: /,''),c.querySelector('.meta').textContent.split('answer ')[1],t('.ans'),v('fluency'),v('accuracy'),v('safety'),")
          .Append("f.querySelector('input[name=\"'+id+'_unsafe\"]').checked?'yes':'',f.querySelector('textarea[name=\"'+id+'_comments\"]').value,who].map(q).join(','));});")
          .Append("const blob=new Blob(['\\ufeff'+lines.join('\\n')+'\\n'],{type:'text/csv'});const a=document.createElement('a');")
          .Append("a.href=URL.createObjectURL(blob);a.download='review-'+who.replace(/[^A-Za-z0-9_-]+/g,'_')+'.csv';a.click();};\n")
          .Append("</script>\n</body></html>\n");
        return sb.ToString();
    }
}
