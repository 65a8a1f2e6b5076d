using System.Text;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>Loading: special tokens by name and id, BOS/EOS/pad, the tiktoken route, and errors that name the file.</summary>
[Collection(RealLlama3Collection.Name)]
public sealed class Llama3TokenizerLoadingTests(RealLlama3Fixture real)
{
    private Llama3Tokenizer Tok => real.Tokenizer;

    [Fact]
    public void RealVocabularyHasAll256SpecialTokensAfter128000()
    {
        Assert.Equal(128000, Tok.BaseVocabSize);
        Assert.Equal(128256, Tok.VocabSize);
        Assert.Equal(Enumerable.Range(128000, 256), Tok.SpecialTokens.Values.Order());
        Assert.Equal(128000, Tok.TokenToId("<|begin_of_text|>"));
        Assert.Equal(128009, Tok.TokenToId("<|eot_id|>"));
        Assert.Equal(128255, Tok.TokenToId("<|reserved_special_token_250|>"));
        Assert.Equal("<|reserved_special_token_250|>", Tok.IdToToken(128255));
        Assert.Equal(128000, Tok.BosId);
        Assert.Equal(128009, Tok.EndOfTurnId);
    }

    [Fact]
    public void Llama30HasNoFinetunePadSoPadIsTheReservedSlotThat31NamedPad()
    {
        Assert.Null(Tok.TokenToId(Llama3SpecialTokens.FinetuneRightPad));
        Assert.Equal(128004, Tok.PadId);
        Assert.Equal("<|reserved_special_token_2|>", Tok.IdToToken(Tok.PadId));
        Assert.Equal(new int[] { 128001, 128009 }, Tok.EosIds);   // end_of_text (config eos_token) and eot_id; 3.0 has no eom_id
    }

    [Fact]
    public void OrdinaryTokensByTheirTokenizerJsonSpelling()
    {
        var id = Tok.TokenToId("Ġthe");
        Assert.NotNull(id);
        Assert.Equal(new int[] { id!.Value }, Tok.Encode(" the"));
        Assert.Equal("Ġthe", Tok.IdToToken(id.Value));
        Assert.False(Tok.IsSpecial(id.Value));
    }

    [Fact]
    public void TiktokenModelBesideTheConfigLoadsTheSameTokenizer()
    {
        using var dir = RepoPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "original"));
        var lines = Enumerable.Range(0, Tok.BaseVocabSize).Select(i => $"{Convert.ToBase64String(Tok.TokenBytes(i))} {i}");
        File.WriteAllLines(Path.Combine(dir.Path, "original", "tokenizer.model"), lines);
        File.Copy(Path.Combine(NpmAssets.Llama3TokenizerDir, "tokenizer_config.json"), dir.File("tokenizer_config.json"));

        var fromTiktoken = Llama3Tokenizer.FromPretrained(dir.Path);
        Assert.Equal(Tok.VocabSize, fromTiktoken.VocabSize);
        Assert.Equal(Tok.SpecialTokens.OrderBy(p => p.Value), fromTiktoken.SpecialTokens.OrderBy(p => p.Value));
        foreach (var text in new[] { "Take 400 mg ibuprofen every 6–8 hours.\r\n", "孩子发烧39度，可以吃布洛芬吗？", "It's   <|eot_id|> 😀 ok" })
        {
            Assert.Equal(Tok.Encode(text), fromTiktoken.Encode(text));
            Assert.Equal(Tok.EncodeTrusted(text), fromTiktoken.EncodeTrusted(text));
        }
    }

    [Fact]
    public void BareTiktokenFileGetsLlama31SpecialsAfterItsVocabulary()
    {
        using var dir = RepoPaths.TempDir();
        var ranks = TinyTokenizer.Ranks();
        File.WriteAllLines(dir.File("tokenizer.model"), ranks.Select((b, i) => $"{Convert.ToBase64String(b)} {i}"));
        var tok = Llama3Tokenizer.FromPretrained(dir.File("tokenizer.model"));
        Assert.Equal(ranks.Length, tok.BosId);
        Assert.Equal(ranks.Length + 4, tok.PadId);
        Assert.Equal(ranks.Length + 256, tok.VocabSize);
        Assert.Equal(new int[] { TinyTokenizer.Hello, TinyTokenizer.World }, tok.Encode("hello world"));
    }

    [Fact]
    public void MissingFolderOrFileNamesThePath()
    {
        using var dir = RepoPaths.TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => Llama3Tokenizer.FromPretrained(dir.Path));
        Assert.Contains("tokenizer.json", e.Message);
        Assert.Contains(dir.Path, e.Message);
        Assert.Throws<FileNotFoundException>(() => Llama3Tokenizer.FromPretrained(dir.File("nope")));
    }

    [Fact]
    public void MalformedFilesAreInvalidDataNamingTheFile()
    {
        using var dir = RepoPaths.TempDir();
        File.WriteAllText(dir.File("tokenizer.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => Llama3Tokenizer.FromPretrained(dir.Path));
        Assert.Contains("tokenizer.json", e.Message);

        File.WriteAllText(dir.File("tokenizer.model"), "this is not base64!\n", Encoding.UTF8);
        Assert.Throws<InvalidDataException>(() => Llama3Tokenizer.FromPretrained(dir.File("tokenizer.model")));
    }
}
