using System.Text;
using System.Text.Json;

namespace MedMLNet.Llama.Tokenization;

/// <summary>A byte-level BPE vocabulary as tiktoken sees it: the bytes of every token by rank (= id), plus the added tokens.</summary>
internal sealed record Vocabulary(byte[][] Ranks, IReadOnlyList<(string Name, int Id)> AddedTokens);

/// <summary>Reads ranks from Hugging Face tokenizer.json or a tiktoken file (tokenizer.model: "base64 rank" lines).</summary>
internal static class VocabularyReader
{
    public static Vocabulary Read(TokenizerFiles files) =>
        files.IsHuggingFaceJson ? ReadHuggingFace(files.Vocabulary) : ReadTiktoken(files.Vocabulary);

    /// <summary>
    /// tokenizer.json: model.vocab maps byte-level spellings to ids; ids are the ranks (the merges list is implied by
    /// them, since each merge creates the token with the next id). Checks that this is Llama 3's byte-level BPE.
    /// </summary>
    public static Vocabulary ReadHuggingFace(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = ParseJson(stream, path);
        var root = doc.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.GetProperty("type").GetString() != "BPE"
            || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{path}' is not a byte-level BPE tokenizer.json (model.type must be \"BPE\" with a vocab object).");
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || !HasString(pre, Llama3PreTokenizer.Pattern))
            throw new NotSupportedException($"'{path}' does not use Llama 3's pre-tokenizer regex, so it is not a Llama 3 tokenizer; MedMLNet reads Llama 3 / 3.1 / 3.2 / 3.3 checkpoints.");

        var entries = new List<(byte[] Bytes, int Id)>(vocab.EnumerateObject().Count());
        var ids = new Dictionary<string, int>(entries.Capacity, StringComparer.Ordinal);
        foreach (var p in vocab.EnumerateObject())
        {
            var bytes = ByteLevelAlphabet.TryDecode(p.Name)
                ?? throw new InvalidDataException($"'{path}': vocab token {p.Name} is not in the byte-level alphabet; only byte-level BPE (Llama 3) is supported.");
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var id))
                throw new InvalidDataException($"'{path}': vocab token {p.Name} has id {p.Value.GetRawText()}, not an integer.");
            entries.Add((bytes, id));
            ids[p.Name] = id;
        }
        if (model.TryGetProperty("merges", out var merges)) MergesAgreeWithRanks(merges, ids, path);
        var added = new List<(string, int)>();
        if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind != JsonValueKind.Null)
        {
            if (addedTokens.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"'{path}': added_tokens is not an array.");
            foreach (var t in addedTokens.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                    || !t.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out var addedId))
                    throw new InvalidDataException($"'{path}': added token {Truncated(t.GetRawText())} needs a string \"content\" and an integer \"id\".");
                added.Add((content.GetString()!, addedId));
            }
        }
        return new Vocabulary(ToRankArray(entries, path), added);
    }

    /// <summary>
    /// The merges list must be what the ranks imply, since tokens are merged by rank (as tiktoken does), not by the list:
    /// each merge's two parts and their concatenation are vocab tokens (Hugging Face tokenizers refuses the file
    /// otherwise: MergeTokenOutOfVocabulary), and the merged tokens come in rank order (true of Llama 3's 280,147 merges).
    /// </summary>
    private static void MergesAgreeWithRanks(JsonElement merges, Dictionary<string, int> ids, string path)
    {
        if (merges.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"'{path}': model.merges is not an array.");
        var index = 0;
        var previous = -1;
        foreach (var merge in merges.EnumerateArray())
        {
            var (a, b) = MergeParts(merge) ?? throw new InvalidDataException(
                $"'{path}': merge {index} is {Truncated(merge.GetRawText())}, not \"left right\" or [\"left\", \"right\"].");
            foreach (var part in new[] { a, b, a + b })
                if (!ids.ContainsKey(part))
                    throw new InvalidDataException($"'{path}': merge {index} ({Truncated(a)} + {Truncated(b)}) uses {Truncated(part)}, which is not in the vocab; the tokenizer.json is damaged — re-download it from the checkpoint.");
            var merged = ids[a + b];
            if (merged < previous)
                throw new InvalidDataException($"'{path}': merge {index} makes token {merged} after a merge made token {previous}; Llama 3's merges follow the vocab's ranks, so this is not a Llama 3 tokenizer (or the file is damaged).");
            previous = merged;
            index++;
        }
    }

    private static (string, string)? MergeParts(JsonElement merge)
    {
        if (merge.ValueKind == JsonValueKind.String)
        {
            var text = merge.GetString()!;
            var space = text.IndexOf(' ');
            return space > 0 && space < text.Length - 1 && text.IndexOf(' ', space + 1) < 0 ? (text[..space], text[(space + 1)..]) : null;
        }
        if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2 && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            return (merge[0].GetString()!, merge[1].GetString()!);
        return null;
    }

    private static string Truncated(string s) => s.Length <= 40 ? $"'{s}'" : $"'{s[..40]}…'";

    /// <summary>tiktoken format (Meta's original/tokenizer.model): one "base64-bytes rank" per line.</summary>
    public static Vocabulary ReadTiktoken(string path)
    {
        var entries = new List<(byte[], int)>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (line.Length == 0) continue;
            var space = line.IndexOf(' ');
            try
            {
                if (space <= 0) throw new FormatException("no space");
                entries.Add((Convert.FromBase64String(line[..space]), int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"'{path}' line {lineNo} is not \"base64 rank\": this is not a tiktoken tokenizer.model (Llama 3's original/tokenizer.model). Give the checkpoint's tokenizer.json instead.");
            }
        }
        return new Vocabulary(ToRankArray(entries, path), []);
    }

    private static byte[][] ToRankArray(List<(byte[] Bytes, int Id)> entries, string path)
    {
        if (entries.Count == 0) throw new InvalidDataException($"'{path}' holds no tokens.");
        var ranks = new byte[entries.Max(e => e.Id) + 1][];
        foreach (var (bytes, id) in entries)
        {
            if (id < 0 || ranks[id] != null) throw new InvalidDataException($"'{path}': token id {id} is negative or used twice.");
            ranks[id] = bytes;
        }
        for (var id = 0; id < ranks.Length; id++)
            if (ranks[id] == null) throw new InvalidDataException($"'{path}': token ids are not contiguous (no token has id {id}).");
        return ranks;
    }

    private static bool HasString(JsonElement e, string value) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() == value,
        JsonValueKind.Object => e.EnumerateObject().Any(p => HasString(p.Value, value)),
        JsonValueKind.Array => e.EnumerateArray().Any(x => HasString(x, value)),
        _ => false,
    };

    internal static JsonDocument ParseJson(Stream stream, string path)
    {
        try { return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not valid JSON ({e.Message}); re-download it from the checkpoint.", e); }
    }
}
