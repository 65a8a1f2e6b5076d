namespace MedMLNet.Llama.Benchmarks;

/// <summary>What <see cref="ModelBenchmark"/> runs: batch and lengths per phase, repetitions and which phases.</summary>
public sealed record ModelBenchmarkOptions
{
    public int TrainBatch { get; init; } = 4;
    public int TrainLength { get; init; } = 256;
    public int PrefillLength { get; init; } = 256;
    public int DecodePrompt { get; init; } = 8;
    public int DecodeTokens { get; init; } = 128;
    public int Repetitions { get; init; } = 3;
    public bool FullFineTuning { get; init; } = true;
    public bool GradientCheckpointing { get; init; }
    /// <summary>
    /// Phases to run (prefill, decode, full_train, lora_train; decode_gemv_ab only when named); null runs the first four.
    /// </summary>
    public IReadOnlySet<string>? Phases { get; init; }

    /// <summary>Every phase name <see cref="Phases"/> may hold.</summary>
    public static readonly IReadOnlyList<string> PhaseNames = ["prefill", "decode", "full_train", "lora_train", "decode_gemv_ab"];

    /// <summary>Whether <paramref name="phase"/> is to run.</summary>
    public bool Runs(string phase) => Phases is null ? phase != "decode_gemv_ab" : Phases.Contains(phase);
}
