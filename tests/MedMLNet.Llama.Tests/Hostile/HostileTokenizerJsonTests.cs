using System.Text.Json.Nodes;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Hostile;

/// <summary>
/// Crafted tokenizer.json files (the bundled model's, changed in one place): merges that Hugging Face tokenizers refuses
/// (MergeTokenOutOfVocabulary), merges out of rank order, and added tokens or vocab ids of the wrong type are each an
/// <see cref="InvalidDataException"/> naming the file and the entry, never a silent load or a KeyNotFoundException.
/// </summary>
public class HostileTokenizerJsonTests
{
    private static readonly string Bundled = Path.Combine(RepoPaths.Root, "data", "models", "tiny-med-llama3", "tokenizer.json");

    public static TheoryData<string, string> Crafted => new()
    {
        { "merge-unknown-left", "uses 'zzzq'" },
        { "merge-unknown-result", "merge 0 ('q' + 'z') uses 'qz', which is not in the vocab" }, // q and z are tokens, qz is not
        { "merge-one-part", "merge 0 is '\"abc\"'" },
        { "merges-swapped", "merge 1 makes token" },
        { "merges-object", "model.merges is not an array" },
        { "added-no-id", "needs a string \"content\" and an integer \"id\"" },
        { "added-string-id", "needs a string \"content\" and an integer \"id\"" },
        { "vocab-string-id", "not an integer" },
    };

    private static void Craft(string kind, JsonNode root)
    {
        var model = root["model"]!.AsObject();
        var merges = model["merges"]!.AsArray();
        var added = root["added_tokens"]![0]!.AsObject();
        switch (kind)
        {
            case "merge-unknown-left": merges.Insert(5, "zzzq Ġ"); break;
            case "merge-unknown-result": merges.Insert(0, "q z"); break;
            case "merge-one-part": merges.Insert(0, "abc"); break;
            case "merges-swapped": { var last = merges[^1]!.ToJsonString(); merges.RemoveAt(merges.Count - 1); merges.Insert(0, JsonNode.Parse(last)); break; }
            case "merges-object": model["merges"] = new JsonObject { ["a"] = 1 }; break;
            case "added-no-id": added.Remove("id"); break;
            case "added-string-id": added["id"] = added["id"]!.ToString(); break;
            case "vocab-string-id": { var vocab = model["vocab"]!.AsObject(); var first = vocab.First(); vocab[first.Key] = first.Value!.ToString(); break; }
            default: throw new ArgumentException(kind);
        }
    }

    [Theory]
    [MemberData(nameof(Crafted))]
    public void CraftedTokenizerJsonIsInvalidDataNamingTheFile(string kind, string expected)
    {
        using var dir = RepoPaths.TempDir();
        var root = JsonNode.Parse(File.ReadAllText(Bundled))!;
        Craft(kind, root);
        File.WriteAllText(dir.File("tokenizer.json"), root.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => Llama3Tokenizer.FromPretrained(dir.Path));
        Assert.Contains(dir.File("tokenizer.json"), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheUnchangedFileLoads()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("tokenizer.json"), JsonNode.Parse(File.ReadAllText(Bundled))!.ToJsonString());
        Assert.Equal(8192, Llama3Tokenizer.FromPretrained(dir.Path).VocabSize);
    }
}
