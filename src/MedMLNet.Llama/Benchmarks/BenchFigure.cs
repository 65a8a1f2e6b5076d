namespace MedMLNet.Llama.Benchmarks;

/// <summary>One measured figure: tokens/s (median over repetitions), peak RSS and its fraction of the machine limit.</summary>
/// <param name="Name">lora_train | full_train | prefill | decode.</param>
/// <param name="TokensPerSecond">Median tokens per second.</param>
/// <param name="PeakRssBytes">Peak resident memory during the phase (process-wide).</param>
/// <param name="Utilisation">MFU (training, prefill) or bandwidth utilisation (decode), 0..1.</param>
public sealed record BenchFigure(string Name, double TokensPerSecond, long PeakRssBytes, double Utilisation);
