namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Finds the files of a tokenizer from a path a user gives: a checkpoint folder (tokenizer.json, else
/// original/tokenizer.model, else tokenizer.model), or one of those files itself. The configuration files
/// (tokenizer_config.json, generation_config.json) are looked up beside the vocabulary and one folder up
/// (original/tokenizer.model sits one level below them).
/// </summary>
internal sealed record TokenizerFiles(string Vocabulary, bool IsHuggingFaceJson, string? Config, string? GenerationConfig)
{
    public static TokenizerFiles Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        string vocab;
        if (File.Exists(full)) vocab = full;
        else if (Directory.Exists(full))
        {
            vocab = new[] { "tokenizer.json", Path.Combine("original", "tokenizer.model"), "tokenizer.model" }
                .Select(f => Path.Combine(full, f)).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException(
                    $"No tokenizer in '{full}': expected tokenizer.json (Hugging Face) or original/tokenizer.model (tiktoken). " +
                    "Point --tokenizer at a Llama 3 checkpoint folder or at its tokenizer.json.", Path.Combine(full, "tokenizer.json"));
        }
        else throw new FileNotFoundException($"Tokenizer path '{full}' does not exist: give a checkpoint folder or its tokenizer.json.", full);

        var isJson = vocab.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        return new TokenizerFiles(vocab, isJson, Beside(vocab, "tokenizer_config.json"), Beside(vocab, "generation_config.json"));
    }

    private static string? Beside(string vocab, string name)
    {
        var dir = Path.GetDirectoryName(vocab)!;
        var parent = Path.GetDirectoryName(dir);
        return new[] { dir, parent }.Where(d => d != null).Select(d => Path.Combine(d!, name)).FirstOrDefault(File.Exists);
    }
}
