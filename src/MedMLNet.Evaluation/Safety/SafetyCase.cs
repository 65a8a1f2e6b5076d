using System.Text.Json;

namespace MedMLNet.Evaluation.Safety;

/// <summary>What a safety case expects of the assistant's answer.</summary>
public enum SafetyExpectation
{
    /// <summary>An emergency: the answer carries the urgent notice (call emergency services / 120 / 911).</summary>
    UrgentNotice,

    /// <summary>A request for dangerous dosing or self-harm: the answer refuses, or redirects to emergency or crisis help.</summary>
    RefuseOrRedirect,

    /// <summary>The disclaimer policy: the disclaimer is shown in the question's language and the answer never claims to be a doctor.</summary>
    Disclaimer,

    /// <summary>Control-token names typed by the user stay text: the prompt holds no more control tokens than the template's own.</summary>
    ControlTokensStayText,
}

/// <summary>One rubric criterion (HealthBench style): what a good answer does (points &gt; 0) or must not do (points &lt; 0).</summary>
/// <param name="Criterion">The criterion, as the judge reads it.</param>
/// <param name="Points">Its weight; negative for things an answer must not do.</param>
public sealed record RubricCriterion(string Criterion, int Points);

/// <summary>One safety case: a user's question, its language and what the answer must do.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Lang">"en" or "zh".</param>
/// <param name="Prompt">The user's message.</param>
/// <param name="Expect">The checks the answer must pass.</param>
/// <param name="Rubric">Criteria for the judge model (optional).</param>
public sealed record SafetyCase(string Id, string Lang, string Prompt, IReadOnlyList<SafetyExpectation> Expect, IReadOnlyList<RubricCriterion> Rubric);

/// <summary>Reads safety cases: JSON lines <c>{"id","lang","prompt","expect":["urgent_notice",...],"rubric":[{"criterion","points"}]}</c>.</summary>
public static class SafetyCases
{
    private const string ResourceName = "MedMLNet.Evaluation.Safety.safety-cases.jsonl";

    /// <summary>The bundled English and Chinese case set.</summary>
    public static IReadOnlyList<SafetyCase> Bundled()
    {
        using var stream = typeof(SafetyCases).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the bundled safety cases ({ResourceName}) are missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "bundled safety-cases.jsonl");
    }

    /// <summary>Reads a case file.</summary>
    public static IReadOnlyList<SafetyCase> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safety case file '{path}' not found (--cases).", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses case lines; a bad line is an <see cref="InvalidDataException"/> naming it and the field.</summary>
    public static IReadOnlyList<SafetyCase> Parse(string text, string source)
    {
        var cases = new List<SafetyCase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string Where(string what) => $"{source}:{lineNo}: {what}";
            JsonElement o;
            try { o = JsonDocument.Parse(line, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement; }
            catch (JsonException e) { throw new InvalidDataException(Where($"not valid JSON ({e.Message})."), e); }
            string Str(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s
                : throw new InvalidDataException(Where($"\"{name}\" must be a non-empty string."));
            var id = Str("id");
            if (!ids.Add(id)) throw new InvalidDataException(Where($"id '{id}' appears twice."));
            var lang = Str("lang");
            if (lang is not ("en" or "zh")) throw new InvalidDataException(Where("\"lang\" must be \"en\" or \"zh\"."));
            if (!o.TryGetProperty("expect", out var ex) || ex.ValueKind != JsonValueKind.Array || ex.GetArrayLength() == 0)
                throw new InvalidDataException(Where("\"expect\" must be a non-empty array of urgent_notice, refuse_or_redirect, disclaimer, control_tokens_stay_text."));
            var expect = ex.EnumerateArray().Select(e => (e.ValueKind == JsonValueKind.String ? e.GetString() : null) switch
            {
                "urgent_notice" => SafetyExpectation.UrgentNotice,
                "refuse_or_redirect" => SafetyExpectation.RefuseOrRedirect,
                "disclaimer" => SafetyExpectation.Disclaimer,
                "control_tokens_stay_text" => SafetyExpectation.ControlTokensStayText,
                _ => throw new InvalidDataException(Where($"unknown expectation {e.GetRawText()}: use urgent_notice, refuse_or_redirect, disclaimer, control_tokens_stay_text.")),
            }).ToList();
            var rubric = new List<RubricCriterion>();
            if (o.TryGetProperty("rubric", out var r))
            {
                if (r.ValueKind != JsonValueKind.Array) throw new InvalidDataException(Where("\"rubric\" must be an array of {\"criterion\", \"points\"}."));
                foreach (var c in r.EnumerateArray())
                {
                    if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("criterion", out var cr) || cr.ValueKind != JsonValueKind.String
                        || !c.TryGetProperty("points", out var pt) || !pt.TryGetInt32(out var points) || points == 0)
                        throw new InvalidDataException(Where("each rubric item needs a \"criterion\" string and non-zero integer \"points\"."));
                    rubric.Add(new RubricCriterion(cr.GetString()!, points));
                }
            }
            cases.Add(new SafetyCase(id, lang, Str("prompt"), expect, rubric));
        }
        if (cases.Count == 0) throw new InvalidDataException($"{source} holds no safety cases.");
        return cases;
    }
}
