using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

[Collection(RealLlama3Collection.Name)]
public sealed class StreamingDecoderTests(RealLlama3Fixture real)
{
    [Fact]
    public void HoldsBackAHalfCharacterUntilItCompletes()
    {
        var tok = TinyTokenizer.Instance;
        var decoder = tok.CreateStreamingDecoder();
        Assert.Equal("", decoder.Append(TinyTokenizer.HalfTou));
        Assert.Equal("头", decoder.Append(0xB4));
        Assert.Equal(" world", decoder.Append(TinyTokenizer.World));
        Assert.Equal("", decoder.Flush());
    }

    [Fact]
    public void FlushReplacesAnUnfinishedCharacter()
    {
        var decoder = TinyTokenizer.Instance.CreateStreamingDecoder();
        Assert.Equal("", decoder.Append(TinyTokenizer.HalfTou));
        Assert.Equal("\uFFFD", decoder.Flush());
        Assert.Equal("hello", decoder.Append(TinyTokenizer.Hello));   // usable again after a flush
    }

    [Fact]
    public void SpecialTokensStreamAsNamesOrNothing()
    {
        var tok = TinyTokenizer.Instance;
        Assert.Equal("<|eot_id|>", tok.CreateStreamingDecoder().Append(tok.EndOfTurnId));
        Assert.Equal("", tok.CreateStreamingDecoder(skipSpecialTokens: true).Append(tok.EndOfTurnId));
    }

    [Theory]
    [InlineData("孩子发烧39度，可以吃布洛芬吗？如果体温超过40度或抽搐，请立即就医。")]
    [InlineData("高血压患者需要注意什么？控制盐的摄入，规律服药，定期监测血压。🩺👩‍⚕️")]
    [InlineData("柪目欇蟭篴誔襕槀曠痃黖𠀀𠀁𠀂")]
    public void ChineseReplyStreamedTokenByTokenHasNoBrokenCharacters(string reply)
    {
        var tok = real.Tokenizer;
        var ids = tok.Encode(reply);
        Assert.Contains(ids, id => System.Text.Encoding.UTF8.GetString(tok.TokenBytes(id)).Contains('\uFFFD'));   // some token splits a character
        var decoder = tok.CreateStreamingDecoder();
        var chunks = ids.Select(decoder.Append).ToList();
        Assert.All(chunks, c => Assert.DoesNotContain('\uFFFD', c));
        Assert.Equal(reply, string.Concat(chunks) + decoder.Flush());
    }
}
