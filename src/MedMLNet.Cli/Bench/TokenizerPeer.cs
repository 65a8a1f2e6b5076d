using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedMLNet.Cli.Bench;

/// <summary>
/// One run of scripts/tokenizer_peer.mjs: a Rust tokenizer core (<c>hf</c> or <c>tiktoken</c>) encodes the texts in
/// <paramref name="textsFile"/> with <paramref name="tokenizerJson"/>, hands back the ids of one pass, then times passes.
/// The peer gets one Rust thread (TOKENIZERS_PARALLELISM=false, RAYON_NUM_THREADS=1), as ours runs on one.
/// </summary>
internal static class TokenizerPeer
{
    public static (JsonObject Figures, List<int[]> Ids) Run(string root, string node, string prefix, string peer, string tokenizerJson, string textsFile, double seconds)
    {
        var idsFile = textsFile + "." + peer + ".ids.jsonl";
        var info = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["TOKENIZERS_PARALLELISM"] = "false";
        info.Environment["RAYON_NUM_THREADS"] = "1";
        info.Environment["UV_THREADPOOL_SIZE"] = "1";
        foreach (var a in new[] { Path.Combine(root, "scripts", "tokenizer_peer.mjs"), "--prefix", prefix, "--peer", peer, "--tokenizer", tokenizerJson,
                     "--texts", textsFile, "--ids-out", idsFile, "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        using (var process = NodeProcess.Start(info, "give the path of a Node.js 18+ executable or drop --peer-node."))
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0 || stdout.Length == 0)
                throw new CliUserException($"the {peer} tokenizer peer failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            var ids = File.ReadLines(idsFile).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<int[]>(l)!).ToList();
            return (JsonNode.Parse(stdout.Split('\n')[^1])!.AsObject(), ids);
        }
    }
}
