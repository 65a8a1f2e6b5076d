namespace MedMLNet.Data;

/// <summary>
/// Group-aware, source-stratified, deterministic train/validation/test assignment. Items sharing any group key
/// (transitively) form one unit that goes to one split. Within each source, units are ordered by a seeded hash
/// and each goes to the split furthest below its target size, so every source is spread by the fractions.
/// The same items, keys and seed always give the same assignment.
/// </summary>
public sealed class DatasetSplitter(SplitOptions? options = null)
{
    /// <summary>The options in force.</summary>
    public SplitOptions Options { get; } = options ?? new SplitOptions();

    /// <summary>Assigns each record (by index) to a split, using <see cref="SplitGroups.KeysOf"/> and the record's source.</summary>
    public SplitName[] Assign(IReadOnlyList<DialogueRecord> records) =>
        Assign(records.Count, i => records[i].Source, i => SplitGroups.KeysOf(records[i]));

    /// <summary>Assigns <paramref name="count"/> items, described by their source and group keys, to splits.</summary>
    public SplitName[] Assign(int count, Func<int, string> sourceOf, Func<int, IEnumerable<string>> keysOf)
    {
        Options.Validate();
        var parent = Enumerable.Range(0, count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstKey = new string[count];
        for (var i = 0; i < count; i++)
            foreach (var key in keysOf(i))
            {
                firstKey[i] ??= key;
                if (firstByKey.TryGetValue(key, out var other)) { var (a, b) = (Find(i), Find(other)); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
                else firstByKey[key] = i;
            }
        var units = Enumerable.Range(0, count).GroupBy(Find).Select(g => g.ToArray()).ToList(); // root = smallest index
        var result = new SplitName[count];
        var fractions = Options.Fractions;
        foreach (var stratum in units.GroupBy(u => sourceOf(u[0]), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var total = stratum.Sum(u => u.Length);
            var filled = new double[3];
            var ordered = stratum
                .OrderBy(u => TextKey.StableHash(firstKey[u[0]] ?? u[0].ToString(), (ulong)Options.Seed))
                .ThenBy(u => u[0]);
            foreach (var unit in ordered)
            {
                var best = 0;
                var bestDeficit = double.NegativeInfinity;
                for (var s = 0; s < 3; s++)
                {
                    if (fractions[s] <= 0) continue;
                    var deficit = fractions[s] * total - filled[s];
                    if (deficit > bestDeficit + 1e-9) { best = s; bestDeficit = deficit; }
                }
                filled[best] += unit.Length;
                foreach (var i in unit) result[i] = (SplitName)best;
            }
        }
        return result;
    }
}
