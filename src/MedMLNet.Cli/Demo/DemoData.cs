using MedMLNet.Data;
using MedMLNet.IO;

namespace MedMLNet.Cli.Demo;

/// <summary>
/// The bundled, licensed samples in data/ prepared exactly as the default model's corpus was (cleaning, PHI redaction,
/// seed-1 group-aware 80/10/10 split), each dataset on its own, then concatenated per split in a fixed order. The
/// default model was pretrained on train + validation only, so the test split is held out from everything.
/// </summary>
internal static class DemoData
{
    /// <summary>(name, path under data/) of each bundled dataset, in concatenation order.</summary>
    public static readonly (string Name, string Path)[] Bundled =
    [
        ("medquad", "medquad"),
        ("chatdoctor", "chatdoctor/chatdoctor5k-sample.json"),
        ("chinese-medical-dialogue", "chinese-medical-dialogue/neike-sample-gb18030.csv"),
        ("pubmedqa", "pubmedqa/ori_pqal-sample.json"),
    ];

    public static readonly string[] Splits = ["train", "validation", "test"];

    /// <summary>Prepares every bundled dataset under <paramref name="outputDir"/>/NAME and writes the combined splits there.</summary>
    public static IReadOnlyList<(string Name, PrepareReport Report)> Prepare(string dataRoot, string outputDir, CancellationToken ct)
    {
        var reports = new List<(string, PrepareReport)>();
        foreach (var (name, path) in Bundled)
        {
            var input = Path.Combine(dataRoot, path);
            if (!File.Exists(input) && !Directory.Exists(input))
                throw new CliUserException($"bundled dataset {input} is missing; run the demo from the repository root or pass --data-root.");
            var options = new PrepareOptions
            {
                InputPath = input, OutputDirectory = Path.Combine(outputDir, name), Redact = true, Split = SplitOptions.Parse("0.8,0.1,0.1", 1),
            };
            reports.Add((name, PreparePipeline.Run(options, null, ct)));
        }
        foreach (var split in Splits)
            AtomicFile.WriteAllLines(Path.Combine(outputDir, split + ".jsonl"),
                Bundled.SelectMany(d => File.ReadLines(Path.Combine(outputDir, d.Name, split + ".jsonl"))).Where(l => l.Length > 0).ToList());
        return reports;
    }
}
