using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>Only the assistant's answer (content tokens + its &lt;|eot_id|&gt;) carries labels.</summary>
public sealed class LabelMaskingTests
{
    private const int X = -100;

    [Fact]
    public void OnlyAssistantContentAndItsEotAreLabelled()
    {
        var b = TinyTokenizer.BaseVocab;
        int bos = b, sh = b + 6, eh = b + 7, eot = b + 9, nn = TinyTokenizer.NewLines;
        var seq = new ChatTemplate(TinyTokenizer.Instance).EncodeForTraining(
            [ChatMessage.System("S"), ChatMessage.User("hello"), ChatMessage.Assistant(" hello world ")]);

        int[] system = [.. "system".Select(c => (int)c)], assistant = [.. "assistant".Select(c => (int)c)];
        int[] expectedIds =
        [
            bos, sh, .. system, eh, nn, 'S', eot,
            sh, TinyTokenizer.User, eh, nn, TinyTokenizer.Hello, eot,
            sh, .. assistant, eh, nn, TinyTokenizer.Hello, TinyTokenizer.World, eot,
        ];
        Assert.Equal(expectedIds, seq.Ids);
        var expectedLabels = Enumerable.Repeat(X, expectedIds.Length - 3).Concat([TinyTokenizer.Hello, TinyTokenizer.World, eot]);
        Assert.Equal(expectedLabels, seq.Labels);
    }

    [Fact]
    public void EveryAssistantTurnIsLabelledAndIdsMatchThePrompt()
    {
        var template = new ChatTemplate(TinyTokenizer.Instance);
        ChatMessage[] conversation = [ChatMessage.User("hi"), ChatMessage.Assistant("hello"), ChatMessage.User("?"), ChatMessage.Assistant("world")];
        var seq = template.EncodeForTraining(conversation);
        Assert.Equal(template.Encode(conversation, addGenerationPrompt: false), seq.Ids);
        var labelled = seq.Labels.Where(l => l != X).ToArray();
        int eot = TinyTokenizer.Instance.EndOfTurnId;
        Assert.Equal(new[] { TinyTokenizer.Hello, eot, 'w', TinyTokenizer.Instance.TokenToId("or")!.Value, TinyTokenizer.Instance.TokenToId("ld")!.Value, eot }, labelled);
    }

    [Fact]
    public void Llama31SystemBlockIsNeverLabelled()
    {
        var tok = TinyTokenizer.Load("Cutting Knowledge Date");
        var seq = new ChatTemplate(tok).EncodeForTraining([ChatMessage.User("hi"), ChatMessage.Assistant("hello")]);
        Assert.Equal(new[] { TinyTokenizer.Hello, tok.EndOfTurnId }, seq.Labels.Where(l => l != X));
        Assert.Equal(seq.Ids.Length, seq.Labels.Length);
    }
}
