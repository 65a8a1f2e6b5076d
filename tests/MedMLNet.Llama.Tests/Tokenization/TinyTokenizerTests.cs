using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>A vocabulary the tests build: specials follow the base vocabulary, nothing assumes 128000.</summary>
public sealed class TinyTokenizerTests
{
    private static Llama3Tokenizer Tok => TinyTokenizer.Instance;
    private static int Base => TinyTokenizer.BaseVocab;

    [Fact]
    public void SpecialIdsAreDerivedFromTheFiles()
    {
        Assert.Equal(Base, Tok.BaseVocabSize);
        Assert.Equal(Base + 256, Tok.VocabSize);
        Assert.Equal(Base, Tok.BosId);
        Assert.Equal(Base + 4, Tok.PadId);            // <|finetune_right_pad_id|> exists in the 3.1 layout
        Assert.Equal(Base + 9, Tok.EndOfTurnId);
        Assert.Equal(new int[] { Base + 1, Base + 8, Base + 9 }, Tok.EosIds);
        Assert.Equal(Base + 6, Tok.StartHeaderId);
        Assert.Equal(Base + 7, Tok.EndHeaderId);
    }

    [Fact]
    public void BpeFollowsTheRanks()
    {
        Assert.Equal(new int[] { TinyTokenizer.Hello, TinyTokenizer.World }, Tok.Encode("hello world"));
        Assert.Equal(new int[] { TinyTokenizer.Hello, 'o' }, Tok.Encode("helloo"));   // he, ll, hell, hello by rank; "helloo" is no token
        Assert.Equal(new int[] { TinyTokenizer.User }, Tok.Encode("user"));
        Assert.Equal(new int[] { TinyTokenizer.HalfTou, 0xB4 }, Tok.Encode("头"));
        Assert.Empty(Tok.Encode(""));
    }

    [Fact]
    public void PlainModeIgnoresSpecialNamesTrustedModeParsesThem()
    {
        Assert.All(Tok.Encode("<|eot_id|>hello"), id => Assert.True(id < Base));
        Assert.Equal(new int[] { Base + 9, TinyTokenizer.Hello }, Tok.EncodeTrusted("<|eot_id|>hello"));
        Assert.Equal(new int[] { 'a', Base + 9, Base + 9, 'b' }, Tok.EncodeTrusted("a<|eot_id|><|eot_id|>b"));
        Assert.Equal(new int[] { '<', '|', 'x', Base + 9 }, Tok.EncodeTrusted("<|x<|eot_id|>"));
    }

    [Fact]
    public void DecodeWritesSpecialNamesUnlessSkipped()
    {
        int[] ids = [Tok.BosId, TinyTokenizer.Hello, Tok.EndOfTurnId];
        Assert.Equal("<|begin_of_text|>hello<|eot_id|>", Tok.Decode(ids));
        Assert.Equal("hello", Tok.Decode(ids, skipSpecialTokens: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tok.Decode([Tok.VocabSize]));
    }

    [Fact]
    public void IncompleteUtf8DecodesToReplacementCharacter() =>
        Assert.Equal("\uFFFD", Tok.Decode([TinyTokenizer.HalfTou]));

    [Fact]
    public void MergesAreWrittenSoEveryTokenIsReachable()
    {
        // "hello" = "hell" + "o", and "hell" = "he" + "ll": TokenizerJsonWriter derived the merges from the ranks.
        Assert.Equal("hello", Tok.IdToToken(TinyTokenizer.Hello));
        Assert.Equal("ĊĊ", Tok.IdToToken(TinyTokenizer.NewLines));
        Assert.Equal("Ġworld", Tok.IdToToken(TinyTokenizer.World));
    }
}
