using System.Runtime.CompilerServices;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Chat;

/// <summary>
/// One reply in progress: streams the generator's tokens through the UTF-8 streaming decoder, holds back text that may
/// begin a stop sequence, and cuts at the first complete stop sequence (then ends generation).
/// <see cref="Result"/> is set when the stream ends.
/// </summary>
internal sealed class ChatRun(LlamaGenerator generator, Llama3Tokenizer tokenizer, PromptFit fit, GenerationOptions options, IReadOnlyList<string> stopSequences)
{
    private readonly string[] stops = stopSequences.Where(s => !string.IsNullOrEmpty(s)).ToArray();

    public ChatCompletion? Result { get; private set; }

    public async IAsyncEnumerable<string> Deltas([EnumeratorCancellation] CancellationToken ct)
    {
        using var stopCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var text = new System.Text.StringBuilder();
        var tokens = new List<GeneratedToken>();
        var emitted = 0;
        var finish = FinishReason.Length;
        var stoppedByText = false;
        await using var e = generator.StreamAsync(fit.Ids, options, stopCts.Token).GetAsyncEnumerator(CancellationToken.None);
        while (true)
        {
            bool has;
            try { has = await e.MoveNextAsync().ConfigureAwait(false); }
            catch (OperationCanceledException) when (stoppedByText && !ct.IsCancellationRequested) { break; }
            if (!has) break;
            if (stoppedByText) continue; // tokens already in flight after a stop sequence: discarded
            var token = e.Current;
            tokens.Add(token);
            if (options.StopTokenIds!.Contains(token.TokenId)) { finish = FinishReason.Stop; continue; }
            text.Append(decoder.Append(token.TokenId));
            var (cut, safe) = Scan(text.ToString(), emitted);
            if (cut >= 0)
            {
                stoppedByText = true; finish = FinishReason.Stop;
                if (cut > emitted) yield return text.ToString(emitted, cut - emitted);
                emitted = cut; text.Length = cut;
                stopCts.Cancel();
                continue;
            }
            if (safe > emitted) { yield return text.ToString(emitted, safe - emitted); emitted = safe; }
        }
        ct.ThrowIfCancellationRequested();
        if (!stoppedByText)
        {
            text.Append(decoder.Flush());
            var (cut, _) = Scan(text.ToString(), emitted);
            if (cut >= 0) { text.Length = cut; finish = FinishReason.Stop; }
            if (text.Length > emitted) yield return text.ToString(emitted, text.Length - emitted);
        }
        Result = new ChatCompletion(text.ToString(), finish, fit.Ids.Length, tokens.Count, tokens, fit);
    }

    /// <summary>Index of the first complete stop sequence (-1 if none) and how much text is safe to emit.</summary>
    private (int Cut, int Safe) Scan(string text, int emitted)
    {
        if (stops.Length == 0) return (-1, text.Length);
        var cut = -1;
        foreach (var s in stops)
        {
            var i = text.IndexOf(s, Math.Max(0, emitted - s.Length + 1), StringComparison.Ordinal);
            if (i >= 0 && (cut < 0 || i < cut)) cut = i;
        }
        if (cut >= 0) return (cut, cut);
        var hold = 0;
        foreach (var s in stops)
            for (var k = Math.Min(s.Length - 1, text.Length); k > hold; k--)
                if (text.AsSpan(text.Length - k).SequenceEqual(s.AsSpan(0, k))) { hold = k; break; }
        return (-1, text.Length - hold);
    }
}
