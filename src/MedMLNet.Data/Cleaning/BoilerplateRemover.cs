using System.Text;
using System.Text.RegularExpressions;

namespace MedMLNet.Data.Cleaning;

/// <summary>
/// Removes the greetings, thanks and sign-offs typical of online consultations: English sentences such as
/// "Hi, thanks for using ChatDoctor." or "Hope this helps. Take care." and Chinese clauses such as "您好",
/// "感谢您的咨询", "祝您早日康复", "期望我的解释对你有所帮助". Only whole sentences (EN) or whole clauses (ZH)
/// that are nothing but boilerplate go; a clause of content is never cut.
/// </summary>
internal static partial class BoilerplateRemover
{
    [GeneratedRegex(@"^(?:(?:hi|hello|hey|dear|greetings)(?:\s+(?:there|doctor|dr\.?|doc|sir|madam|ma'?am|all|friend|and\s+welcome(?:\s+to\s+[\w\s]+)?))?|good\s+(?:morning|afternoon|evening|day)(?:\s+(?:doctor|sir|madam))?)[\s,.!]*$"
        + @"|^(?:thanks?|thank\s+you|many\s+thanks)(?:\s+(?:so|very)\s+much|\s+a\s+lot)?(?:\s+(?:for\s+(?:using|choosing|writing(?:\s+in)?|posting|contacting|consulting|asking|your\s+(?:query|question|trust|patience)|the\s+query|the\s+question)\b[^.!?\n]*|doctor|doc))?[\s.!]*$"
        + @"|^(?:hi|hello|hey|dear)\b[^.!?\n]{0,30}[,.!]?\s*(?:thanks?|thank\s+you)\b[^.!?\n]{0,80}\b(?:chat\s*doctor|query|question|writing|posting|using|contacting|consulting|healthcare\s*magic|HCM)\b[^.!?\n]*[.!?]*$"
        + @"|^(?:hello\s+and\s+)?welcome\s+to\s+(?:chat\s*doctor|healthcare\s*magic|HCM)\b[^.!?\n]*[.!?]*$"
        + @"|^(?:i\s+)?hope\s+(?:this|that|my\s+(?:answer|reply|advice)|i\s+have)\s+(?:helps?|answered|was\s+helpful|is\s+helpful|clarif\w+|cleared)\b[^.!?\n]*[.!?]*$"
        + @"|^(?:wish(?:ing)?\s+you\s+(?:good\s+health|a\s+speedy\s+recovery|a\s+quick\s+recovery|all\s+the\s+best|well|the\s+best)|take\s+care|get\s+well\s+soon|best\s+wishes|(?:best\s+|kind\s+|warm\s+)?regards)\b[^.!?\n]{0,40}[.!?]*$"
        + @"|^(?:please\s+)?(?:feel\s+free\s+to\s+(?:ask|contact|write|get\s+back)|let\s+me\s+know\s+if\s+you\s+have\s+any\s+(?:other|more|further)\s+(?:questions|queries|doubts))\b[^.!?\n]*[.!?]*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex EnglishSentence();

    [GeneratedRegex(@"^(?:(?:医生|大夫)?(?:你好|您好|你们好)(?:医生|大夫)?[啊呀]?"
        + @"|(?:非常)?(?:感谢|谢谢)(?:您|你)?的?(?:进行)?(?:咨询|提问|信任|来信|支持|耐心)(?:与支持)?"
        + @"|(?:非常)?(?:谢谢|感谢)(?:医生|大夫|您|你)?了?[啊呀]?"
        + @"|(?:祝|祝愿|希望)(?:您|你)(?:早日康复|身体健康|健康|生活愉快|早日痊愈|一切顺利|好运)"
        + @"|(?:期望|希望)(?:我的|以上的?)?(?:解释|回答|建议|回复|解答)?(?:能)?对(?:你|您)有所?帮助"
        + @"|(?:如有|如果还有|若有|如果有)(?:其他|任何|什么)?(?:疑问|问题)[^。！？]{0,12}(?:追问|咨询|联系|提问)"
        + @"|(?:以上|上述)(?:是我的)?(?:建议|意见|回答)?仅供参考|仅供参考)$")]
    private static partial Regex ChineseClause();

    private const string ZhPhrase = @"(?:(?:期望|希望)(?:我的|以上的?)(?:解释|回答|建议|回复|解答)(?:能)?对(?:你|您)有所?帮助(?:[，,]?谢谢)?|祝(?:您|你)早日康复|感谢(?:您|你)的(?:进行)?咨询)";

    /// <summary>A boilerplate phrase opening a sentence: removed with the punctuation after it.</summary>
    [GeneratedRegex(@"(?<=^|[。！？!?\s])" + ZhPhrase + @"[，,。！!？?]*")]
    private static partial Regex ChinesePhraseAtStart();

    /// <summary>A boilerplate phrase inside a sentence: removed with the comma before it; the sentence end stays.</summary>
    [GeneratedRegex(@"[，,]?" + ZhPhrase)]
    private static partial Regex ChinesePhrase();

    [GeneratedRegex(@"[^.!?\n。！？]*(?:[.!?。！？]+(?=\s|$|[^\x00-\x7F])|\n|$)")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"[^，,。！？!?；;\n]*[，,。！？!?；;]*\s*")]
    private static partial Regex Clause();

    /// <summary>The text without boilerplate; <paramref name="removed"/> counts removed sentences/clauses.</summary>
    public static string Remove(string text, out int removed)
    {
        removed = 0;
        if (text.Any(UnicodeCleaner.IsCjk))
        {
            for (var pass = 0; pass < 4 && ChinesePhraseAtStart().IsMatch(text); pass++)
            {
                removed += ChinesePhraseAtStart().Count(text);
                text = ChinesePhraseAtStart().Replace(text, "");
            }
            removed += ChinesePhrase().Count(text);
            text = ChinesePhrase().Replace(text, "");
        }
        var sb = new StringBuilder(text.Length);
        foreach (Match sentence in Sentence().Matches(text))
        {
            if (sentence.Length == 0) continue;
            var s = sentence.Value;
            if (s.Trim().Length > 0 && EnglishSentence().IsMatch(s.Trim())) { removed++; FixDanglingComma(sb, s); continue; }
            if (!s.Any(UnicodeCleaner.IsCjk)) { sb.Append(s); continue; }
            foreach (Match clause in Clause().Matches(s))
            {
                if (clause.Length == 0) continue;
                var core = clause.Value.Trim().TrimEnd('，', ',', '。', '！', '？', '!', '?', '；', ';', '~', '～').Trim();
                if (core.Length > 0 && ChineseClause().IsMatch(core)) { removed++; FixDanglingComma(sb, clause.Value); continue; }
                sb.Append(clause.Value);
            }
        }
        return removed == 0 ? text : sb.ToString().Trim();
    }

    /// <summary>When a removed piece ended a sentence, the kept text before it must not end in a comma.</summary>
    private static void FixDanglingComma(StringBuilder sb, string removedPiece)
    {
        var end = removedPiece.TrimEnd();
        if (end.Length == 0 || !"。！？.!?".Contains(end[^1])) return;
        var i = sb.Length - 1;
        while (i >= 0 && char.IsWhiteSpace(sb[i])) i--;
        if (i >= 0 && sb[i] is '，' or ',' or '；' or ';')
            sb[i] = sb[i] is '，' or '；' ? '。' : '.';
    }
}
