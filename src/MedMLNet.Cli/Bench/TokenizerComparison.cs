using System.Text.Json;
using System.Text.Json.Nodes;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Bench;

/// <summary>
/// Ours (<see cref="Llama3Tokenizer"/>, Microsoft.ML.Tokenizers BPE + our pre-tokenizer scanner, one thread) against the
/// Rust cores of Hugging Face tokenizers and tiktoken (scripts/tokenizer_peer.mjs, one thread), same texts, same run:
/// ours is timed before and after each peer, and each ratio uses the mean of those two runs (ours_tokens_per_second is
/// the median of all of ours). The token ids are compared on every text first; a rate is only reported
/// for a peer whose ids are identical to ours.
/// </summary>
internal static class TokenizerComparison
{
    private static readonly string[] Peers = ["hf", "tiktoken"];

    public static JsonObject Run(string root, NodePeerSetup setup, IReadOnlyList<string> texts, double seconds, TextWriter log)
    {
        var prefix = setup.EnsurePackages();
        var models = new (string Name, string Dir)[]
        {
            ("tiny_med_llama3", Path.Combine(root, "data", "models", "tiny-med-llama3")),
            ("llama3", setup.EnsureLlama3Tokenizer()),
        };
        using var tmp = new TempFolder();
        var textsFile = Path.Combine(tmp.Path, "texts.jsonl");
        File.WriteAllLines(textsFile, texts.Select(t => JsonSerializer.Serialize(t)));
        var result = new JsonObject { ["threading"] = "one thread each: ours on the calling thread; peers with one Rust thread" };
        var identical = true;
        foreach (var (name, dir) in models)
        {
            var figures = Compare(root, setup.Node, prefix, dir, texts, textsFile, seconds, log);
            identical &= figures["ids_identical"]!.GetValue<bool>();
            result[name] = figures;
        }
        result["ids_identical"] = identical;
        return result;
    }

    private static JsonObject Compare(string root, string node, string prefix, string dir, IReadOnlyList<string> texts, string textsFile, double seconds, TextWriter log)
    {
        var ours = Llama3Tokenizer.FromPretrained(dir);
        var ourIds = texts.Select(ours.Encode).ToList();
        Func<long> pass = () => texts.Sum(t => (long)ours.Encode(t).Length);
        var runs = new List<double> { BenchRate.Measure(seconds, pass) };
        var peers = new JsonObject();
        var identical = true;
        foreach (var peer in Peers)
        {
            var (figures, ids) = TokenizerPeer.Run(root, node, prefix, peer, Path.Combine(dir, "tokenizer.json"), textsFile, seconds);
            runs.Add(BenchRate.Measure(seconds, pass));   // ours right before and right after each peer
            var difference = FirstDifference(ourIds, ids);
            figures["ids_identical"] = difference is null;
            if (difference is null)
                figures["ratio_ours_vs_peer"] = (runs[^2] + runs[^1]) / 2 / figures["tokens_per_second"]!.GetValue<double>();
            else
            {
                identical = false;
                figures["first_difference"] = difference;
                figures.Remove("tokens_per_second");   // a speed comparison of different outputs is meaningless
                log.WriteLine($"bench --data: TOKEN IDS DIFFER between ours and {peer} on '{dir}': {difference}");
            }
            peers[peer] = figures;
        }
        return new JsonObject
        {
            ["tokenizer"] = Path.GetRelativePath(root, Path.Combine(dir, "tokenizer.json")),
            ["texts"] = texts.Count,
            ["tokens_per_pass"] = ourIds.Sum(x => (long)x.Length),
            ["ids_identical"] = identical,
            ["ours_tokens_per_second"] = runs.Order().ElementAt(runs.Count / 2),
            ["ours_runs_tokens_per_second"] = new JsonArray([.. runs.Select(r => JsonValue.Create(r))]),
            ["peers"] = peers,
        };
    }

    /// <summary>Null when every text has the same ids on both sides; else where the first mismatch is.</summary>
    private static string? FirstDifference(List<int[]> ours, List<int[]> theirs)
    {
        if (ours.Count != theirs.Count) return $"{theirs.Count} id lists for {ours.Count} texts";
        for (var i = 0; i < ours.Count; i++)
        {
            var n = Math.Min(ours[i].Length, theirs[i].Length);
            var k = 0;
            while (k < n && ours[i][k] == theirs[i][k]) k++;
            if (k < n || ours[i].Length != theirs[i].Length)
                return $"text {i}, position {k}: ours [{string.Join(',', ours[i].Skip(k).Take(5))}] vs peer [{string.Join(',', theirs[i].Skip(k).Take(5))}] ({ours[i].Length} vs {theirs[i].Length} ids)";
        }
        return null;
    }
}
