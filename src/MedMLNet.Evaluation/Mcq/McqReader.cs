using System.Text;
using System.Text.Json;

namespace MedMLNet.Evaluation.Mcq;

/// <summary>
/// Reads the public multiple-choice formats into <see cref="McqItem"/>s with lm-evaluation-harness's prompts
/// (tasks medqa_4options, medmcqa, pubmedqa, mmlu). A malformed item is an <see cref="InvalidDataException"/> naming
/// the file, the line or key, and the field.
/// </summary>
public static class McqReader
{
    private static readonly string[] Letters = ["A", "B", "C", "D", "E", "F", "G", "H"];

    /// <summary>The format of a name: medqa, medmcqa, pubmedqa, mmlu.</summary>
    public static McqFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "medqa" => McqFormat.MedQa,
        "medmcqa" => McqFormat.MedMcqa,
        "pubmedqa" => McqFormat.PubMedQa,
        "mmlu" => McqFormat.Mmlu,
        _ => throw new ArgumentException($"unknown benchmark format '{name}': use medqa, medmcqa, pubmedqa or mmlu (--format)."),
    };

    /// <summary>Reads <paramref name="path"/> (at most <paramref name="limit"/> items when above 0).</summary>
    public static List<McqItem> Read(string path, McqFormat format, int limit = 0)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"benchmark file '{path}' not found (--data).", path);
        var items = format switch
        {
            McqFormat.MedQa => MedQa(path),
            McqFormat.MedMcqa => MedMcqa(path),
            McqFormat.PubMedQa => PubMedQa(path),
            _ => Mmlu(path),
        };
        if (items.Count == 0) throw new InvalidDataException($"{path} holds no {format} items.");
        return limit > 0 ? items.Take(limit).ToList() : items;
    }

    /// <summary>lm-eval's medqa_4options prompt: "Question: ...\nA. ...\n...Answer:" with the letters as choices.</summary>
    private static List<McqItem> MedQa(string path)
    {
        var items = new List<McqItem>();
        foreach (var (line, o) in JsonLines(path))
        {
            string Where(string field) => $"{path}:{line}: {field}";
            var question = Str(o, "question") ?? throw new InvalidDataException(Where("\"question\" must be a string."));
            if (!o.TryGetProperty("options", out var opts) || opts.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException(Where("\"options\" must be an object {\"A\": text, ...}."));
            var options = opts.EnumerateObject().Select(p => (p.Name, Text: p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new InvalidDataException(Where($"option \"{p.Name}\" must be a string.")))).ToList();
            if (options.Count < 2 || options.Count > Letters.Length || options.Select((x, i) => x.Name != Letters[i]).Any(b => b))
                throw new InvalidDataException(Where($"\"options\" must have the keys A, B, C... in order (2 to {Letters.Length})."));
            var answer = Str(o, "answer_idx");
            var gold = answer is null ? -1 : Array.IndexOf(Letters, answer.Trim().ToUpperInvariant());
            if (gold < 0 || gold >= options.Count) throw new InvalidDataException(Where($"\"answer_idx\" must be one of {string.Join(", ", Letters.Take(options.Count))}."));
            var sb = new StringBuilder("Question: ").Append(question).Append('\n');
            foreach (var (name, text) in options) sb.Append(name).Append(". ").Append(text).Append('\n');
            items.Add(new McqItem(Str(o, "id") ?? $"medqa-{line}", sb.Append("Answer:").ToString(), Letters.Take(options.Count).ToList(), gold));
        }
        return items;
    }

    /// <summary>lm-eval's medmcqa prompt: "Question: ...\nChoices:\nA. ...\nAnswer:".</summary>
    private static List<McqItem> MedMcqa(string path)
    {
        var rows = new List<(long Line, JsonElement O, int Cop)>();
        foreach (var (line, o) in JsonLines(path))
        {
            if (!o.TryGetProperty("cop", out var c) || !c.TryGetInt32(out var cop) || cop is < 0 or > 4)
                throw new InvalidDataException($"{path}:{line}: \"cop\" (the correct option) must be a number, 1–4 as MedMCQA releases it or 0–3 as its Hugging Face export.");
            rows.Add((line, o, cop));
        }
        // 1-based as released (data/*.json), 0-based in the HF export: a file with a 0 is 0-based, one with a 4 is 1-based.
        var zeroBased = rows.Any(r => r.Cop == 0);
        if (zeroBased && rows.Any(r => r.Cop == 4))
            throw new InvalidDataException($"{path}: \"cop\" holds both 0 and 4; use 1–4 (MedMCQA's release) or 0–3 (its Hugging Face export) throughout.");
        var items = new List<McqItem>();
        foreach (var (line, o, cop) in rows)
        {
            string Field(string name) => Str(o, name) ?? throw new InvalidDataException($"{path}:{line}: \"{name}\" must be a string.");
            var question = Field("question");
            string[] options = [Field("opa"), Field("opb"), Field("opc"), Field("opd")];
            var sb = new StringBuilder("Question: ").Append(question).Append("\nChoices:\n");
            for (var i = 0; i < 4; i++) sb.Append(Letters[i]).Append(". ").Append(options[i]).Append('\n');
            items.Add(new McqItem(Str(o, "id") ?? $"medmcqa-{line}", sb.Append("Answer:").ToString(), Letters.Take(4).ToList(), zeroBased ? cop : cop - 1));
        }
        return items;
    }

    /// <summary>lm-eval's pubmedqa prompt: "Abstract: contexts\nQuestion: ...\nAnswer:" with yes/no/maybe as choices.</summary>
    private static List<McqItem> PubMedQa(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}); expected PubMedQA's {{pmid: {{\"QUESTION\", \"CONTEXTS\", \"final_decision\"}}}}.", e); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected PubMedQA's top-level object {{pmid: {{...}}}}.");
        string[] choices = ["yes", "no", "maybe"];
        var items = new List<McqItem>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            var o = p.Value;
            string Where(string field) => $"{path}: pmid {p.Name}: {field}";
            if (o.ValueKind != JsonValueKind.Object) throw new InvalidDataException(Where("must be an object."));
            var question = Str(o, "QUESTION") ?? throw new InvalidDataException(Where("\"QUESTION\" must be a string."));
            if (!o.TryGetProperty("CONTEXTS", out var ctx) || ctx.ValueKind != JsonValueKind.Array || ctx.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                throw new InvalidDataException(Where("\"CONTEXTS\" must be an array of strings."));
            var gold = Array.IndexOf(choices, Str(o, "final_decision")?.Trim().ToLowerInvariant());
            if (gold < 0) throw new InvalidDataException(Where("\"final_decision\" must be yes, no or maybe."));
            var abstractText = string.Join("\n", ctx.EnumerateArray().Select(x => x.GetString()));
            items.Add(new McqItem($"pubmedqa-{p.Name}", $"Abstract: {abstractText}\nQuestion: {question}\nAnswer:", choices, gold));
        }
        return items;
    }

    /// <summary>lm-eval's mmlu prompt: "question\nA. ...\nD. ...\nAnswer:", the subject's description before the few-shot examples.</summary>
    private static List<McqItem> Mmlu(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        foreach (var suffix in new[] { "_test", "_dev", "_val" }) if (name.EndsWith(suffix, StringComparison.Ordinal)) name = name[..^suffix.Length];
        var description = $"The following are multiple choice questions (with answers) about {name.Replace('_', ' ')}.\n\n";
        var items = new List<McqItem>();
        var row = 0;
        foreach (var (line, fields) in Csv(path))
        {
            row++;
            if (fields.Count != 6) throw new InvalidDataException($"{path}:{line}: expected 6 columns (question, A, B, C, D, answer), found {fields.Count}.");
            var gold = Array.IndexOf(Letters, fields[5].Trim().ToUpperInvariant());
            if (gold is < 0 or > 3) throw new InvalidDataException($"{path}:{line}: the answer column must be A, B, C or D, not '{fields[5]}'.");
            var sb = new StringBuilder(fields[0].Trim()).Append('\n');
            for (var i = 0; i < 4; i++) sb.Append(Letters[i]).Append(". ").Append(fields[i + 1]).Append('\n');
            items.Add(new McqItem($"{name}-{row}", sb.Append("Answer:").ToString(), Letters.Take(4).ToList(), gold, description));
        }
        return items;
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : o.TryGetProperty(name, out v) && v.ValueKind == JsonValueKind.Number && name == "id" ? v.GetRawText() : null;

    private static IEnumerable<(long Line, JsonElement Object)> JsonLines(string path)
    {
        long line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement o;
            try { o = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement; }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{line}: not valid JSON ({e.Message}); one JSON object a line.", e); }
            if (o.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}:{line}: expected one JSON object a line.");
            yield return (line, o);
        }
    }

    /// <summary>RFC 4180 rows (quoted fields may hold commas, quotes as "" and newlines), with the line each starts on.</summary>
    private static IEnumerable<(long Line, List<string> Fields)> Csv(string path)
    {
        var text = File.ReadAllText(path);
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0) yield return (start, fields);
                    fields = [];
                    line++;
                    start = line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (quoted) throw new InvalidDataException($"{path}:{start}: a quoted field is not closed.");
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); yield return (start, fields); }
    }
}
