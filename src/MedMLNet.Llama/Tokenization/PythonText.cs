using System.Globalization;
using System.Text;

namespace MedMLNet.Llama.Tokenization;

/// <summary>Python string semantics the Jinja chat templates rely on.</summary>
internal static class PythonText
{
    /// <summary>
    /// Python's str.isspace(): .NET's whitespace (Zs, Zl, Zp, U+0009–000D, U+0085, U+00A0) plus U+001C–001F,
    /// which Python counts as whitespace (bidi class B/S) and .NET does not.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>str.strip() with no argument (Jinja's trim filter).</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>json.dumps(s, ensure_ascii=False) for a string (transformers' tojson filter).</summary>
    public static string JsonDumps(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
