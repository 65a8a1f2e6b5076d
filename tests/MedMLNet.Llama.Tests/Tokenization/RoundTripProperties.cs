using FsCheck.Xunit;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>Properties over random Unicode text, on the real vocabulary.</summary>
[Collection(RealLlama3Collection.Name)]
public sealed class RoundTripProperties
{
    private static Llama3Tokenizer Tok => RealLlama3Fixture.Shared;

    [Property(Arbitrary = [typeof(UnicodeArbitraries)], MaxTest = 400)]
    public bool DecodeOfEncodeIsIdentity(UnicodeText text) =>
        Tok.Decode(Tok.Encode(text.Value)) == text.Value && Tok.Decode(Tok.EncodeTrusted(text.Value)) == text.Value;

    [Property(Arbitrary = [typeof(UnicodeArbitraries)], MaxTest = 400)]
    public bool PlainEncodingNeverProducesSpecialIds(UnicodeText text) =>
        !Tok.Encode(text.Value).Any(Tok.IsSpecial);

    [Property(Arbitrary = [typeof(UnicodeArbitraries)], MaxTest = 400)]
    public bool StreamingNeverEmitsBrokenCharactersAndAddsUpToDecode(UnicodeText text)
    {
        if (text.Value.Contains('\uFFFD')) return true;   // the check below looks for U+FFFD
        var decoder = Tok.CreateStreamingDecoder();
        var chunks = Tok.Encode(text.Value).Select(decoder.Append).Append(decoder.Flush()).ToList();
        return chunks.All(c => !c.Contains('\uFFFD')) && string.Concat(chunks) == text.Value;
    }
}
