using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Metrics;

/// <summary>A TER result: score 0–100 (edits per reference word), the edits and the reference length.</summary>
/// <param name="Score">100 · edits / reference words (100 when the references are empty and the hypothesis is not).</param>
/// <param name="Edits">Insertions, deletions, substitutions and shifts (best reference).</param>
/// <param name="RefLength">Reference words (the mean over references per segment).</param>
public sealed record TerScore(double Score, double Edits, double RefLength);

/// <summary>
/// TER exactly as sacrebleu 2.6.0's <c>TER(...)</c> computes it (Tercom tokenization, by default case-insensitive
/// without normalisation): greedy block shifts (at most 10 words, 50 positions, 1000 candidates) chosen by edit-distance gain,
/// then a beam-limited word edit distance; per segment the fewest edits over references and their mean length.
/// </summary>
public static class Ter
{
    private const int MaxShiftSize = 10, MaxShiftDist = 50, BeamWidth = 25, MaxShiftCandidates = 1000;
    private const long Infinity = 10_000_000_000_000_000;

    /// <summary><c>TER(**options).sentence_score(hypothesis, references)</c>.</summary>
    public static TerScore Sentence(string hypothesis, IReadOnlyList<string> references, TerOptions? options = null) =>
        FromStats([Statistics(hypothesis, references, options)]);

    /// <summary><c>TER(**options).corpus_score(hypotheses, reference streams)</c>, references given per segment.</summary>
    public static TerScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, TerOptions? options = null)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"corpus TER needs one reference set per hypothesis ({hypotheses.Count} hypotheses, {references.Count} reference sets).");
        return FromStats(hypotheses.Select((h, i) => Statistics(h, references[i], options)));
    }

    /// <summary>The score of summed [edits, reference length] statistics.</summary>
    public static TerScore FromStats(IEnumerable<(double Edits, double RefLength)> segments)
    {
        double edits = 0, refLen = 0;
        foreach (var (e, r) in segments) { edits += e; refLen += r; }
        var score = refLen > 0 ? edits / refLen : edits > 0 ? 1.0 : 0.0;
        return new TerScore(100 * score, edits, refLen);
    }

    /// <summary>sacrebleu's segment statistics: the fewest edits over the references and their mean length.</summary>
    public static (double Edits, double RefLength) Statistics(string hypothesis, IReadOnlyList<string> references, TerOptions? options = null)
    {
        if (references.Count == 0) throw new ArgumentException("TER needs at least one reference.");
        var hyp = Tokens(hypothesis, options);
        var best = long.MaxValue;
        double refLengths = 0;
        foreach (var r in references)
        {
            var (edits, len) = EditRate(hyp, Tokens(r, options));
            refLengths += len;
            best = Math.Min(best, edits);
        }
        return (best, refLengths / references.Count);
    }

    /// <summary>sacrebleu's TER preprocessing: rstrip, then <see cref="TercomTokenizer"/>, split on whitespace.</summary>
    public static string[] Tokens(string text, TerOptions? options = null) => [.. PyText.Split(TercomTokenizer.Tokenize(PyText.RStrip(text), options))];

    /// <summary>sacrebleu's <c>translation_edit_rate(words_hyp, words_ref)</c>: (edits, reference length).</summary>
    public static (long Edits, int RefLength) EditRate(string[] hyp, string[] reference)
    {
        if (reference.Length == 0) return (hyp.Length, 0);
        var ed = new BeamEditDistance(reference);
        var shifts = 0;
        var words = hyp;
        var checkedCandidates = 0;
        while (true)
        {
            var (delta, shifted, count) = Shift(words, reference, ed, checkedCandidates);
            checkedCandidates = count;
            if (checkedCandidates >= MaxShiftCandidates || delta <= 0) break;
            shifts++;
            words = shifted;
        }
        return (shifts + ed.Distance(words).Cost, reference.Length);
    }

    /// <summary>sacrebleu's <c>_shift</c>: the shift that lowers the edit distance most (ties: longer, earlier, earlier target).</summary>
    private static (long Delta, string[] Words, int Checked) Shift(string[] h, string[] r, BeamEditDistance ed, int checkedCandidates)
    {
        var (preScore, invTrace) = ed.Distance(h);
        var trace = invTrace.Select(op => op switch { 'i' => 'd', 'd' => 'i', _ => op }).ToArray();
        var (align, refErr, hypErr) = Alignment(trace);
        (long Gain, int Length, int NegStart, int NegIdx, string[] Words)? best = null;
        foreach (var (startH, startR, length) in ShiftedPairs(h, r))
        {
            if (Sum(hypErr, startH, length) == 0) continue;
            if (Sum(refErr, startR, length) == 0) continue;
            if (startH <= align[startR] && align[startR] < startH + length) continue;
            var prevIdx = -1;
            for (var offset = -1; offset < length; offset++)
            {
                int idx;
                if (startR + offset == -1) idx = 0;
                else if (align.TryGetValue(startR + offset, out var a)) idx = a + 1;
                else break;
                if (idx == prevIdx) continue;
                prevIdx = idx;
                var shifted = PerformShift(h, startH, length, idx);
                var candidate = (preScore - ed.Distance(shifted).Cost, length, -startH, -idx, shifted);
                checkedCandidates++;
                if (best is not { } b || Greater(candidate, b)) best = candidate;
            }
            if (checkedCandidates >= MaxShiftCandidates) break;
        }
        return best is { } x ? (x.Gain, x.Words, checkedCandidates) : (0, h, checkedCandidates);
    }

    private static bool Greater((long, int, int, int, string[]) a, (long, int, int, int, string[]) b) =>
        a.Item1 != b.Item1 ? a.Item1 > b.Item1 : a.Item2 != b.Item2 ? a.Item2 > b.Item2 : a.Item3 != b.Item3 ? a.Item3 > b.Item3 : a.Item4 > b.Item4;

    private static int Sum(List<int> xs, int start, int length)
    {
        var s = 0;
        for (var i = start; i < Math.Min(xs.Count, start + length); i++) s += xs[i];
        return s;
    }

    private static string[] PerformShift(string[] w, int start, int length, int target)
    {
        IEnumerable<string> R(int from, int to) => w.Take(Math.Min(to, w.Length)).Skip(from);
        if (target < start) return [.. R(0, target), .. R(start, start + length), .. R(target, start), .. R(start + length, w.Length)];
        if (target > start + length) return [.. R(0, start), .. R(start + length, target), .. R(start, start + length), .. R(target, w.Length)];
        return [.. R(0, start), .. R(start + length, length + target), .. R(start, start + length), .. R(length + target, w.Length)];
    }

    /// <summary>sacrebleu's <c>_find_shifted_pairs</c>: (hyp start, ref start, length) of equal word runs up to 10 long, 50 apart at most.</summary>
    private static IEnumerable<(int, int, int)> ShiftedPairs(string[] h, string[] r)
    {
        for (var startH = 0; startH < h.Length; startH++)
            for (var startR = 0; startR < r.Length; startR++)
            {
                if (Math.Abs(startR - startH) > MaxShiftDist) continue;
                var length = 0;
                while (string.Equals(h[startH + length], r[startR + length], StringComparison.Ordinal) && length < MaxShiftSize)
                {
                    length++;
                    yield return (startH, startR, length);
                    if (h.Length == startH + length || r.Length == startR + length) break;
                }
            }
    }

    /// <summary>sacrebleu's <c>trace_to_alignment</c>.</summary>
    private static (Dictionary<int, int> Align, List<int> RefErr, List<int> HypErr) Alignment(char[] trace)
    {
        int posHyp = -1, posRef = -1;
        var align = new Dictionary<int, int>();
        List<int> refErr = [], hypErr = [];
        foreach (var op in trace)
        {
            switch (op)
            {
                case ' ': posHyp++; posRef++; align[posRef] = posHyp; hypErr.Add(0); refErr.Add(0); break;
                case 's': posHyp++; posRef++; align[posRef] = posHyp; hypErr.Add(1); refErr.Add(1); break;
                case 'i': posHyp++; hypErr.Add(1); break;
                case 'd': posRef++; align[posRef] = posHyp; refErr.Add(1); break;
                default: throw new InvalidOperationException($"unknown TER edit operation '{op}'.");
            }
        }
        return (align, refErr, hypErr);
    }

    /// <summary>
    /// sacrebleu's <c>BeamEditDistance</c>. Its cache keeps the matrix rows of hypotheses seen before, keyed by their
    /// prefix; this keeps the rows of the last hypothesis and recomputes only the rows after the first word that differs
    /// (a row depends only on the words before it and, through the beam, on the length, which shifts do not change).
    /// </summary>
    private sealed class BeamEditDistance(string[] reference)
    {
        private long[,] cost = new long[0, 0];
        private char[,] ops = new char[0, 0];
        private string[] last = [];

        public (long Cost, string Trace) Distance(string[] h)
        {
            int n = h.Length, m = reference.Length;
            var valid = 0;   // rows 0..valid are those of h
            if (cost.GetLength(0) != n + 1)
            {
                cost = new long[n + 1, m + 1];
                ops = new char[n + 1, m + 1];
                last = [];
            }
            else while (valid < n && valid < last.Length && string.Equals(last[valid], h[valid], StringComparison.Ordinal)) valid++;
            for (var j = 0; j <= m; j++) { cost[0, j] = j; ops[0, j] = 'i'; }
            var ratio = n > 0 ? (double)m / n : 1.0;
            var beam = BeamWidth < ratio / 2 ? (int)Math.Ceiling(ratio / 2 + BeamWidth) : BeamWidth;
            for (var i = valid + 1; i <= n; i++)
            {
                for (var j = 0; j <= m; j++) { cost[i, j] = Infinity; ops[i, j] = 'x'; }
                var diag = (int)Math.Floor(i * ratio);
                var minJ = Math.Max(0, diag - beam);
                var maxJ = i == n ? m + 1 : Math.Min(m + 1, diag + beam);
                for (var j = minJ; j < maxJ; j++)
                {
                    if (j == 0) { cost[i, j] = cost[i - 1, j] + 1; ops[i, j] = 'd'; continue; }
                    var same = string.Equals(h[i - 1], reference[j - 1], StringComparison.Ordinal);
                    Relax(i, j, cost[i - 1, j - 1] + (same ? 0 : 1), same ? ' ' : 's');
                    Relax(i, j, cost[i - 1, j] + 1, 'd');
                    Relax(i, j, cost[i, j - 1] + 1, 'i');
                }
            }
            last = h;
            var trace = new List<char>(n + m);
            int a = n, b = m;
            while (a > 0 || b > 0)
            {
                var op = ops[a, b];
                trace.Add(op);
                switch (op)
                {
                    case ' ' or 's': a--; b--; break;
                    case 'i': b--; break;
                    case 'd': a--; break;
                    default: throw new InvalidOperationException("TER's beam edit distance left its beam; the sentences are too far apart in length.");
                }
            }
            trace.Reverse();
            return (cost[n, m], new string([.. trace]));

            void Relax(int i, int j, long c, char op)
            {
                if (cost[i, j] > c) { cost[i, j] = c; ops[i, j] = op; }
            }
        }
    }
}
