using System.Text.RegularExpressions;

namespace MedMLNet.Data.Redaction;

/// <summary>
/// Stretches of clinical content that number-shaped detectors (phone, date, age, id, IP) must never touch:
/// doses with units ("500 mg", "1,000 IU"), vitals ("BP 120/80", "HR 72", "血压150/95"), lab values
/// ("HbA1c 6.5%", "WBC 11.2"), and ICD-10 codes ("E11.9").
/// </summary>
internal static partial class ClinicalGuard
{
    [GeneratedRegex(@"(?<![\w.])\d[\d,]*(?:\.\d+)?\s*(?:(?:-|–|~|to)\s*\d[\d,]*(?:\.\d+)?\s*)?(?:mg/kg|mg/dL|mg/L|mmol/L|µmol/L|umol/L|g/dL|g/L|mEq/L|IU/L|U/L|ng/mL|pg/mL|mcg|µg|μg|ug|mg|kg|g|ml|mL|L|IU|units?|mmol|mEq|mmHg|bpm|°C|°F|℃|%|毫克|克|毫升|片|粒|支|单位|次/分|毫米汞柱)(?![A-Za-z])")]
    private static partial Regex Dose();

    [GeneratedRegex(@"(?i)\b(?:BP|blood\s+pressure|HR|heart\s+rate|pulse|RR|resp(?:iratory)?\s+rate|SpO2|O2\s+sat|sats?|temp(?:erature)?|weight|height|BMI)\s*[:=]?\s*(?:of|is|was)?\s*\d{1,3}(?:\.\d+)?(?:\s*/\s*\d{1,3})?(?![\d\-])|(?:血压|心率|脉搏|体温|呼吸|血氧)\s*(?:是|为)?\s*[:：]?\s*\d{1,3}(?:\.\d+)?(?:\s*/\s*\d{1,3})?(?![\d\-])")]
    private static partial Regex Vital();

    [GeneratedRegex(@"(?i)\b(?:HbA1c|A1c|glucose|WBC|RBC|Hb|Hgb|hemoglobin|platelets?|PLT|creatinine|Cr|BUN|ALT|AST|ALP|INR|PT|TSH|T3|T4|LDL|HDL|cholesterol|triglycerides|K|Na|Cl|CRP|ESR|eGFR|PSA|AFP|CEA|bilirubin|albumin|ferritin|troponin)\s*[:=]?\s*(?:of|is|was)?\s*\d[\d.,]*(?![\d\-])|(?:血糖|血红蛋白|白细胞|红细胞|血小板|肌酐|尿酸|转氨酶|谷丙转氨酶|胆固醇|甘油三酯)\s*(?:是|为)?\s*[:：]?\s*\d[\d.,]*(?![\d\-])")]
    private static partial Regex Lab();

    [GeneratedRegex(@"\b[A-TV-Z]\d{2}(?:\.\d{1,4}[A-Z]?)?\b|\bEC\s?\d+\.\d+\.\d+\.\d+")]
    private static partial Regex Icd10();

    /// <summary>Protected [start, end) ranges in <paramref name="text"/>.</summary>
    public static List<(int Start, int End)> Find(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (var regex in new[] { Dose(), Vital(), Lab(), Icd10() })
            foreach (Match m in regex.Matches(text))
                ranges.Add((m.Index, m.Index + m.Length));
        return ranges;
    }

    /// <summary>Types whose false positives on numbers the guard prevents (names, e-mails, URLs are never vetoed).</summary>
    public static bool Guards(PhiType type) => type is PhiType.Phone or PhiType.Date or PhiType.Age or PhiType.Id or PhiType.Ip;
}
