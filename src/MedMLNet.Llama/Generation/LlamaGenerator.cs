using System.Runtime.CompilerServices;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Modules;
using static TorchSharp.torch;

namespace MedMLNet.Llama.Generation;

/// <summary>
/// Autoregressive generation over a <see cref="LlamaForCausalLM"/> (optionally with a prefix-tuning prefix):
/// batches of prompts with left padding, a preallocated KV cache, logits for the last position only, stop on any
/// eos id, streaming and cancellation. Runs under no_grad in eval mode.
/// </summary>
public sealed class LlamaGenerator(LlamaForCausalLM model, PrefixEncoder? prefix = null)
{
    public LlamaForCausalLM Model => model;

    /// <summary>Generates a reply for each prompt (token ids, BOS included if wanted).</summary>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<int[]> prompts, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        var results = prompts.Select(_ => new List<GeneratedToken>()).ToArray();
        var logits = options.KeepStepLogits ? prompts.Select(_ => new List<float[]>()).ToArray() : null;
        var finish = Run(prompts, options, (row, token, stepLogits) =>
        {
            results[row].Add(token);
            if (stepLogits != null) logits![row].Add(stepLogits);
        }, cancellationToken);
        return prompts.Select((p, i) => new GenerationResult(results[i], finish[i], p.Length) { StepLogits = logits?[i] }).ToList();
    }

    /// <summary>Streams one prompt's reply token by token.</summary>
    public async IAsyncEnumerable<GeneratedToken> StreamAsync(int[] prompt, GenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<GeneratedToken>();
        var worker = Task.Run(() =>
        {
            try { Run([prompt], options, (_, token, _) => channel.Writer.TryWrite(token), cancellationToken); channel.Writer.TryComplete(); }
            catch (Exception e) { channel.Writer.TryComplete(e); }
        }, CancellationToken.None);
        await foreach (var token in channel.Reader.ReadAllAsync(CancellationToken.None))
            yield return token;
        await worker;
    }

    private FinishReason[] Run(IReadOnlyList<int[]> prompts, GenerationOptions options, Action<int, GeneratedToken, float[]?> emit, CancellationToken ct)
    {
        options.Validate();
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt needs at least one token (add BOS for an empty prompt).");
        var vocab = model.Config.VocabSize;
        if (prompts.SelectMany(p => p).Any(id => id < 0 || id >= vocab)) throw new ArgumentException($"prompt token ids must be in [0, {vocab}).");
        var stops = (options.StopTokenIds ?? model.GenerationConfig.EosTokenIds).ToHashSet();
        var padId = model.GenerationConfig.PadTokenId ?? model.GenerationConfig.EosTokenIds.FirstOrDefault();
        int b = prompts.Count, promptLen = prompts.Max(p => p.Length), maxNew = options.MaxNewTokens;
        long nvt = prefix?.NumVirtualTokens ?? 0, capacity = nvt + promptLen + maxNew;
        var finish = Enumerable.Repeat(FinishReason.Length, b).ToArray();
        var done = new bool[b];
        if (maxNew == 0) return finish;

        using var noGrad = no_grad();
        var wasTraining = model.training;
        model.eval();
        using var scope = NewDisposeScope();
        using var sampler = new LogitsSampler(options);
        var padded = prompts.Any(p => p.Length != promptLen);
        // Host-side buffers, one allocation each: all ids (left-padded prompt + reply) and the attention mask.
        var ids = full(b, promptLen + maxNew, padId, ScalarType.Int64);
        var mask = padded || nvt > 0 ? ones(b, capacity, ScalarType.Int64) : null;
        for (var i = 0; i < b; i++)
        {
            var offset = promptLen - prompts[i].Length;
            ids[i].narrow(0, offset, prompts[i].Length).copy_(tensor(prompts[i].Select(x => (long)x).ToArray()));
            if (offset > 0) mask!.narrow(1, nvt, offset)[i].fill_(0);
        }
        var positions = PromptPositions(mask, nvt, promptLen);                 // [B, promptLen]
        using var cache = options.UseCache ? model.NewCache(b, capacity) : null;
        if (cache != null && prefix != null) FillPrefix(cache, b);

        var step = 0;
        var length = promptLen;
        Tensor next;
        {
            using var logits = Forward(ids.narrow(1, 0, promptLen), positions, mask?.narrow(1, 0, nvt + promptLen), cache, b);
            next = Pick(logits, sampler, ids.narrow(1, 0, length), options, emit, done, stops, finish, step);
        }
        while (++step < maxNew && !done.All(d => d))
        {
            ct.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope(); // per-step temporaries die here; only next/positions live on
            ids.narrow(1, length, 1).copy_(next.unsqueeze(1));
            length++;
            var lastPos = positions.narrow(1, positions.shape[1] - 1, 1) + 1;  // [B, 1]
            var newPositions = options.UseCache ? lastPos : cat([positions, lastPos], 1);
            var input = options.UseCache ? ids.narrow(1, length - 1, 1) : ids.narrow(1, 0, length);
            using var logits = Forward(input, newPositions, mask?.narrow(1, 0, nvt + length), cache, b);
            var newNext = Pick(logits, sampler, ids.narrow(1, 0, length), options, emit, done, stops, finish, step);
            next.Dispose(); positions.Dispose();
            next = newNext.MoveToOuterDisposeScope();
            positions = newPositions.MoveToOuterDisposeScope();
        }
        if (ct.IsCancellationRequested) for (var i = 0; i < b; i++) if (!done[i]) finish[i] = FinishReason.Cancelled;
        if (wasTraining) model.train();
        return finish;
    }

    // HF: position_ids = cumsum(attention_mask) - 1, padded slots set to 1; shifted by the prefix length.
    private static Tensor PromptPositions(Tensor? mask, long nvt, int promptLen)
    {
        if (mask is null) return arange(nvt, nvt + promptLen, dtype: ScalarType.Int64).unsqueeze(0);
        var real = mask.narrow(1, nvt, promptLen);
        var pos = real.cumsum(1) - 1;
        return pos.masked_fill(real.eq(0), 1) + nvt;
    }

    private void FillPrefix(Modules.KvCache cache, long batch)
    {
        using var scope = NewDisposeScope();
        var past = prefix!.PastKeyValues(batch, model.DType);
        for (var l = 0; l < past.Count; l++) cache.Append(l, past[l].K, past[l].V);
        cache.Advance(prefix.NumVirtualTokens);
    }

    private Tensor Forward(Tensor input, Tensor positions, Tensor? mask, Modules.KvCache? cache, long batch)
    {
        var inputs = new LlamaInputs(input)
        {
            PositionIds = positions.expand(batch, positions.shape[1]),
            AttentionMask = mask,
            PastKeyValues = cache ?? prefix?.ToCache(batch, model.DType),
            LastPositionOnly = true,
        };
        using var logits = model.Forward(inputs);
        return logits.squeeze(1).to(ScalarType.Float32);                     // [B, V]
    }

    private static Tensor Pick(Tensor logits, LogitsSampler sampler, Tensor history, GenerationOptions options,
        Action<int, GeneratedToken, float[]?> emit, bool[] done, HashSet<int> stops, FinishReason[] finish, int step)
    {
        var next = sampler.Next(logits, history);                            // [B]
        using var logProbs = logits.log_softmax(-1);
        using var chosen = logProbs.gather(1, next.unsqueeze(1)).squeeze(1);
        var nextIds = next.data<long>().ToArray();
        var chosenLp = chosen.data<float>().ToArray();
        long[]? topIds = null; float[]? topLp = null;
        if (options.TopLogProbs > 0)
        {
            var (values, indices) = logProbs.topk(Math.Min(options.TopLogProbs, (int)logits.shape[1]), -1);
            using (values) using (indices) { topIds = indices.data<long>().ToArray(); topLp = values.data<float>().ToArray(); }
        }
        var k = options.TopLogProbs > 0 ? Math.Min(options.TopLogProbs, (int)logits.shape[1]) : 0;
        for (var i = 0; i < nextIds.Length; i++)
        {
            if (done[i]) continue;
            var alternatives = k == 0 ? Array.Empty<TokenLogProb>()
                : Enumerable.Range(0, k).Select(j => new TokenLogProb((int)topIds![i * k + j], topLp![i * k + j])).ToArray();
            emit(i, new GeneratedToken((int)nextIds[i], chosenLp[i], alternatives), options.KeepStepLogits ? logits[i].data<float>().ToArray() : null);
            if (options.StopOnEos && stops.Contains((int)nextIds[i])) { done[i] = true; finish[i] = FinishReason.Stop; }
        }
        return next;
    }
}
