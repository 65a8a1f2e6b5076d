using System.Diagnostics;

namespace MedMLNet.Llama.Tokenization;

/// <summary>Encoding throughput of one tokenizer on one thread.</summary>
/// <param name="Tokens">Tokens produced in the timed runs.</param>
/// <param name="Characters">Characters encoded in the timed runs.</param>
/// <param name="Seconds">Wall time of the timed runs.</param>
public sealed record TokenizerBenchmarkResult(long Tokens, long Characters, double Seconds)
{
    /// <summary>Tokens per second.</summary>
    public double TokensPerSecond => Tokens / Seconds;

    /// <inheritdoc />
    public override string ToString() =>
        $"tokenize: {TokensPerSecond / 1e6:F2} M tokens/s ({Characters / Seconds / 1e6:F1} M chars/s, {Tokens:N0} tokens in {Seconds:F2} s, 1 thread, plain mode)";
}

/// <summary>
/// The tokenizer part of <c>medmlnet bench</c>: plain-mode encoding of English medical text on the calling thread,
/// after a warm-up, for about <c>seconds</c>. The text is encoded one paragraph per call, as a data pipeline does.
/// </summary>
public static class TokenizerBenchmark
{
    /// <summary>Built-in English medical paragraphs (written for this benchmark).</summary>
    public static readonly IReadOnlyList<string> EnglishParagraphs =
    [
        "A 54-year-old man presents with crushing chest pain radiating to the left arm, sweating and nausea that began forty minutes ago. His blood pressure is 150/95 mmHg and his pulse is 104 beats per minute. An electrocardiogram shows ST-segment elevation in leads II, III and aVF, consistent with an inferior myocardial infarction.",
        "Ibuprofen is a non-steroidal anti-inflammatory drug. Adults usually take 200 to 400 mg every four to six hours, not exceeding 1,200 mg a day without medical advice. It should be avoided in people with active stomach ulcers, severe kidney disease or heart failure, and during the last trimester of pregnancy.",
        "Type 2 diabetes develops when the body becomes resistant to insulin or the pancreas no longer produces enough of it. Common symptoms include increased thirst, frequent urination, tiredness and blurred vision. Treatment starts with diet, physical activity and weight loss; metformin is the usual first medicine.",
        "If your child has a fever of 39°C, give plenty of fluids and dress them in light clothing. Paracetamol or ibuprofen can make them more comfortable. Seek urgent care if the child is under three months old, has a rash that does not fade under a glass, is unusually drowsy, or has difficulty breathing.",
        "Hypertension rarely causes symptoms, which is why it is called the silent killer. Reducing salt, limiting alcohol, exercising regularly and taking prescribed medicines such as ACE inhibitors, calcium-channel blockers or thiazide diuretics lower the risk of stroke, heart attack and kidney damage.",
        "Patients on warfarin need regular INR checks; the usual target range is 2.0 to 3.0. Many antibiotics, antifungals and herbal products such as St John's wort change its effect. Report any unusual bruising, black stools, blood in the urine or a severe headache to your doctor straight away.",
    ];

    /// <summary>Measures plain-mode encoding throughput of <paramref name="tokenizer"/>.</summary>
    /// <param name="tokenizer">The tokenizer to time.</param>
    /// <param name="seconds">Approximate timed duration.</param>
    /// <param name="paragraphs">Text to encode, one call per paragraph; default <see cref="EnglishParagraphs"/>.</param>
    public static TokenizerBenchmarkResult Run(Llama3Tokenizer tokenizer, double seconds = 2.0, IReadOnlyList<string>? paragraphs = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var text = paragraphs is { Count: > 0 } ? paragraphs : EnglishParagraphs;
        for (var i = 0; i < 200; i++) tokenizer.Encode(text[i % text.Count]);   // warm-up: JIT and caches

        long tokens = 0, chars = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
            foreach (var p in text)
            {
                tokens += tokenizer.Encode(p).Length;
                chars += p.Length;
            }
        return new TokenizerBenchmarkResult(tokens, chars, sw.Elapsed.TotalSeconds);
    }
}
