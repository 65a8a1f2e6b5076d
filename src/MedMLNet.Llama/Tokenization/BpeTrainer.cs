using System.Text;

namespace MedMLNet.Llama.Tokenization;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Total vocabulary size, special tokens included (the embedding table's rows): base = VocabSize − specials.</summary>
    public int VocabSize { get; init; } = 8192;

    /// <summary>A pair seen fewer times than this is never merged (training may stop below <see cref="VocabSize"/>).</summary>
    public int MinFrequency { get; init; } = 2;

    /// <summary>
    /// Count each document as one chat message too: its header's role name (user, assistant, system, one each) and the
    /// "\n\n" that follows a header, so the pieces the chat template adds to every message become single tokens.
    /// </summary>
    public bool CountChatHeaders { get; init; } = true;

    /// <summary>Special tokens placed after the base vocabulary; default the 256 Llama 3.1 names.</summary>
    public IReadOnlyList<string>? SpecialTokens { get; init; }
}

/// <summary>
/// Learns a byte-level BPE vocabulary the way Llama 3's was made: text is split by <see cref="Llama3PreTokenizer"/>,
/// each piece is a sequence of UTF-8 bytes, ids 0–255 are the single bytes, and each step merges the most frequent
/// adjacent pair into the token with the next id (so ids are tiktoken ranks). Ties go to the pair with the smaller
/// (left id, right id), which makes training deterministic. Save with <see cref="TokenizerJsonWriter"/>; load with
/// <see cref="Llama3Tokenizer.FromPretrained"/>.
/// </summary>
public sealed class BpeTrainer
{
    private readonly BpeTrainerOptions options;
    private readonly Dictionary<string, long> pieceCounts = new(StringComparer.Ordinal);

    /// <summary>A trainer with <paramref name="options"/>; feed it with <see cref="Add"/>, then call <see cref="Train"/>.</summary>
    public BpeTrainer(BpeTrainerOptions? options = null)
    {
        this.options = options ?? new BpeTrainerOptions();
        var specials = this.options.SpecialTokens ?? Llama3SpecialTokens.DefaultNames;
        if (this.options.VocabSize < 256 + specials.Count)
            throw new ArgumentOutOfRangeException(nameof(options), this.options.VocabSize,
                $"VocabSize must be at least {256 + specials.Count}: 256 byte tokens plus {specials.Count} special tokens.");
        if (this.options.MinFrequency < 1) throw new ArgumentOutOfRangeException(nameof(options), this.options.MinFrequency, "MinFrequency must be at least 1.");
    }

    /// <summary>Special tokens the saved vocabulary will carry after the base tokens.</summary>
    public IReadOnlyList<string> SpecialTokens => options.SpecialTokens ?? Llama3SpecialTokens.DefaultNames;

    /// <summary>Counts the pre-tokenized pieces of one document.</summary>
    public void Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (offset, length) in Llama3PreTokenizer.Split(text))
        {
            var piece = text.Substring(offset, length);
            pieceCounts[piece] = pieceCounts.GetValueOrDefault(piece) + 1;
        }
        if (!options.CountChatHeaders) return;
        foreach (var piece in ChatHeaderPieces) pieceCounts[piece] = pieceCounts.GetValueOrDefault(piece) + 1;
    }

    private static readonly string[] ChatHeaderPieces = ["\n\n", ChatRoles.User, ChatRoles.Assistant, ChatRoles.System];

    /// <summary>Learns the merges; returns the bytes of every base token by id (256 single bytes, then one token per merge).</summary>
    public byte[][] Train()
    {
        var target = options.VocabSize - SpecialTokens.Count;
        var vocab = Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToList();
        var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++) idOf[ByteLevelAlphabet.Encode(vocab[b])] = b;

        var state = new PairState(pieceCounts.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Encoding.UTF8.GetBytes(p.Key).Select(b => (int)b).ToList(), p.Value)));
        while (vocab.Count < target && state.PopBest(options.MinFrequency) is var (left, right))
        {
            byte[] bytes = [.. vocab[left], .. vocab[right]];
            var spelling = ByteLevelAlphabet.Encode(bytes);
            if (!idOf.TryGetValue(spelling, out var id))   // the same bytes reached by another pair reuse their token
            {
                id = vocab.Count;
                vocab.Add(bytes);
                idOf[spelling] = id;
            }
            state.Merge(left, right, id);
        }
        return [.. vocab];
    }

    /// <summary>
    /// Pieces as symbol lists with counts, pair frequencies, which pieces hold which pair, and a max-heap of pairs
    /// with lazy invalidation (an entry whose count is stale is re-queued with the current count when popped).
    /// </summary>
    private sealed class PairState
    {
        private readonly List<List<int>> words = [];
        private readonly List<long> counts = [];
        private readonly Dictionary<long, long> pairCounts = [];
        private readonly Dictionary<long, HashSet<int>> where = [];
        private readonly PriorityQueue<long, (long NegCount, long Key)> heap = new();

        public PairState(IEnumerable<(List<int> Symbols, long Count)> pieces)
        {
            foreach (var (symbols, count) in pieces)
            {
                words.Add(symbols);
                counts.Add(count);
                AddPairs(words.Count - 1);
            }
            foreach (var (key, count) in pairCounts) heap.Enqueue(key, (-count, key));
        }

        public (int Left, int Right)? PopBest(int minFrequency)
        {
            while (heap.TryDequeue(out var key, out var priority))
            {
                var current = pairCounts.GetValueOrDefault(key);
                if (current != -priority.NegCount)
                {
                    if (current > 0) heap.Enqueue(key, (-current, key));
                    continue;
                }
                return current < minFrequency ? null : ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
            }
            return null;
        }

        public void Merge(int left, int right, int id)
        {
            var key = Key(left, right);
            pairCounts.Remove(key);
            if (!where.Remove(key, out var holders)) return;
            var delta = new Dictionary<long, long>();
            foreach (var w in holders)
            {
                var symbols = words[w];
                if (!Contains(symbols, left, right)) continue;
                var c = counts[w];
                var merged = new List<int>(symbols.Count);
                for (var i = 0; i < symbols.Count; i++)
                {
                    if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right)
                    {
                        // Only the pairs touching the merged position change (as in Hugging Face's Word::merge).
                        if (merged.Count > 0)
                        {
                            Change(delta, Key(merged[^1], left), -c);
                            Change(delta, Key(merged[^1], id), +c, w);
                        }
                        if (i + 2 < symbols.Count)
                        {
                            Change(delta, Key(right, symbols[i + 2]), -c);
                            Change(delta, Key(id, symbols[i + 2]), +c, w);
                        }
                        merged.Add(id);
                        i++;
                    }
                    else merged.Add(symbols[i]);
                }
                words[w] = merged;
            }
            foreach (var (k, d) in delta)
            {
                if (d == 0 || k == key) continue;
                var count = pairCounts.GetValueOrDefault(k) + d;
                pairCounts[k] = count;
                if (d > 0) heap.Enqueue(k, (-count, k));
            }
        }

        private void Change(Dictionary<long, long> delta, long key, long by, int holder = -1)
        {
            delta[key] = delta.GetValueOrDefault(key) + by;
            if (holder < 0) return;
            if (!where.TryGetValue(key, out var set)) where[key] = set = [];
            set.Add(holder);
        }

        private void AddPairs(int w)
        {
            var symbols = words[w];
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var key = Key(symbols[i], symbols[i + 1]);
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + counts[w];
                if (!where.TryGetValue(key, out var set)) where[key] = set = [];
                set.Add(w);
            }
        }

        private static bool Contains(List<int> s, int left, int right)
        {
            for (var i = 0; i + 1 < s.Count; i++) if (s[i] == left && s[i + 1] == right) return true;
            return false;
        }

        private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
    }
}
