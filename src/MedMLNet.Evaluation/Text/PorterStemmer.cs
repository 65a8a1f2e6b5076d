namespace MedMLNet.Evaluation.Text;

/// <summary>
/// The Porter stemmer exactly as NLTK's <c>PorterStemmer()</c> runs it in its default NLTK_EXTENSIONS mode
/// (irregular-form pool, the 'ies'/'ied' short-word rules, the two-letter *o rule, 'alli' first in step 2,
/// 'fulli' and 'logi'). Rouge-score and NLTK's METEOR both use this mode. Thread-safe and stateless.
/// </summary>
public static class PorterStemmer
{
    private static readonly Dictionary<string, string> Pool = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private delegate bool Condition(string stem);

    /// <summary>Stems one word (lowercased first, as NLTK's <c>stem(word)</c> does).</summary>
    public static string Stem(string word)
    {
        var stem = PyText.Lower(word);
        if (Pool.TryGetValue(word, out var irregular)) return Pool.GetValueOrDefault(stem, irregular);
        if (PyText.Length(word) <= 2) return stem;
        // Python indexes code points: give each astral character one placeholder char while stemming.
        var astral = AstralMap.Encode(ref stem);
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        stem = Step5b(stem);
        return astral?.Decode(stem) ?? stem;
    }

    private static bool IsConsonant(string w, int i)
    {
        var c = w[i];
        if (c is 'a' or 'e' or 'i' or 'o' or 'u') return false;
        if (c == 'y') return i == 0 || !IsConsonant(w, i - 1);
        return true;
    }

    /// <summary>Porter's m: the number of vowel→consonant transitions.</summary>
    private static int Measure(string stem)
    {
        var m = 0;
        for (var i = 0; i + 1 < stem.Length; i++)
            if (!IsConsonant(stem, i) && IsConsonant(stem, i + 1)) m++;
        return m;
    }

    private static bool PositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++) if (!IsConsonant(stem, i)) return true;
        return false;
    }

    private static bool EndsDoubleConsonant(string w) =>
        w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    private static bool EndsCvc(string w) =>
        (w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2)
            && IsConsonant(w, w.Length - 1) && w[^1] is not ('w' or 'x' or 'y'))
        || (w.Length == 2 && !IsConsonant(w, 0) && IsConsonant(w, 1));

    /// <summary>The first rule whose suffix matches decides: its condition passes (replace) or fails (keep).</summary>
    private static string ApplyRules(string word, (string Suffix, string Replacement, Condition? If)[] rules)
    {
        foreach (var (suffix, replacement, condition) in rules)
        {
            if (suffix == "*d" && EndsDoubleConsonant(word))
            {
                var s = word[..^2];
                return condition == null || condition(s) ? s + replacement : word;
            }
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var s = word[..^suffix.Length];
                return condition == null || condition(s) ? s + replacement : word;
            }
        }
        return word;
    }

    private static string Step1a(string w)
    {
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length == 4) return w[..^3] + "ie";
        return ApplyRules(w, [("sses", "ss", null), ("ies", "i", null), ("ss", "ss", null), ("s", "", null)]);
    }

    private static string Step1b(string w)
    {
        if (w.EndsWith("ied", StringComparison.Ordinal)) return w[..^3] + (w.Length == 4 ? "ie" : "i");
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            var s = w[..^3];
            return Measure(s) > 0 ? s + "ee" : w;
        }
        string? mid = null;
        foreach (var suffix in new[] { "ed", "ing" })
            if (w.EndsWith(suffix, StringComparison.Ordinal) && ContainsVowel(w[..^suffix.Length]))
            {
                mid = w[..^suffix.Length];
                break;
            }
        if (mid == null) return w;
        var last = mid[^1];
        return ApplyRules(mid,
        [
            ("at", "ate", null), ("bl", "ble", null), ("iz", "ize", null),
            ("*d", last.ToString(), _ => last is not ('l' or 's' or 'z')),
            ("", "e", s => Measure(s) == 1 && EndsCvc(s)),
        ]);
    }

    private static string Step1c(string w) =>
        ApplyRules(w, [("y", "i", s => s.Length > 1 && IsConsonant(s, s.Length - 1))]);

    private static readonly (string, string, Condition?)[] Step2Rules =
    [
        ("ational", "ate", PositiveMeasure), ("tional", "tion", PositiveMeasure), ("enci", "ence", PositiveMeasure),
        ("anci", "ance", PositiveMeasure), ("izer", "ize", PositiveMeasure), ("bli", "ble", PositiveMeasure),
        ("alli", "al", PositiveMeasure), ("entli", "ent", PositiveMeasure), ("eli", "e", PositiveMeasure),
        ("ousli", "ous", PositiveMeasure), ("ization", "ize", PositiveMeasure), ("ation", "ate", PositiveMeasure),
        ("ator", "ate", PositiveMeasure), ("alism", "al", PositiveMeasure), ("iveness", "ive", PositiveMeasure),
        ("fulness", "ful", PositiveMeasure), ("ousness", "ous", PositiveMeasure), ("aliti", "al", PositiveMeasure),
        ("iviti", "ive", PositiveMeasure), ("biliti", "ble", PositiveMeasure), ("fulli", "ful", PositiveMeasure),
    ];

    private static string Step2(string w)
    {
        if (w.EndsWith("alli", StringComparison.Ordinal) && PositiveMeasure(w[..^4])) return Step2(w[..^4] + "al");
        // 'logi' → 'log' tests the measure of the word without its last three letters (the 'l' stays).
        return ApplyRules(w, [.. Step2Rules, ("logi", "log", _ => PositiveMeasure(w[..^3]))]);
    }

    private static string Step3(string w) => ApplyRules(w,
    [
        ("icate", "ic", PositiveMeasure), ("ative", "", PositiveMeasure), ("alize", "al", PositiveMeasure),
        ("iciti", "ic", PositiveMeasure), ("ical", "ic", PositiveMeasure), ("ful", "", PositiveMeasure),
        ("ness", "", PositiveMeasure),
    ]);

    private static bool MeasureGt1(string s) => Measure(s) > 1;

    private static readonly (string, string, Condition?)[] Step4Rules =
    [
        ("al", "", MeasureGt1), ("ance", "", MeasureGt1), ("ence", "", MeasureGt1), ("er", "", MeasureGt1),
        ("ic", "", MeasureGt1), ("able", "", MeasureGt1), ("ible", "", MeasureGt1), ("ant", "", MeasureGt1),
        ("ement", "", MeasureGt1), ("ment", "", MeasureGt1), ("ent", "", MeasureGt1),
        ("ion", "", s => Measure(s) > 1 && s[^1] is 's' or 't'),
        ("ou", "", MeasureGt1), ("ism", "", MeasureGt1), ("ate", "", MeasureGt1), ("iti", "", MeasureGt1),
        ("ous", "", MeasureGt1), ("ive", "", MeasureGt1), ("ize", "", MeasureGt1),
    ];

    private static string Step4(string w) => ApplyRules(w, Step4Rules);

    private static string Step5a(string w)
    {
        if (!w.EndsWith('e')) return w;
        var s = w[..^1];
        var m = Measure(s);
        return m > 1 || (m == 1 && !EndsCvc(s)) ? s : w;
    }

    private static string Step5b(string w) => ApplyRules(w, [("ll", "l", _ => Measure(w[..^1]) > 1)]);
}
