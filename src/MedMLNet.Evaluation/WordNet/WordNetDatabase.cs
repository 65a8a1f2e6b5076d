using System.Collections.Concurrent;
using System.Text;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.WordNet;

/// <summary>
/// A reader for a WordNet 3.0 database folder (index.*, data.*, *.exc as Princeton ships them), loaded lazily
/// on first use and safe to share between threads. <see cref="Synsets"/> reproduces NLTK's
/// <c>wordnet.synsets(word)</c>: lowercase, morphy per part of speech (exceptions, then detachment rules), then
/// every synset of every base form found.
/// </summary>
public sealed class WordNetDatabase
{
    private readonly string dir;
    private readonly Lazy<Dictionary<string, long[]?[]>> index;
    private readonly Lazy<Dictionary<string, string[]>[]> exceptions;
    private readonly Lazy<byte[]>[] data;
    private readonly ConcurrentDictionary<(WordNetPos, long), WordNetSynset> synsetCache = new();
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> synonymCache = new(StringComparer.Ordinal);

    /// <summary>Opens the database in <paramref name="dictDirectory"/> (checked now, read when first needed).</summary>
    /// <exception cref="FileNotFoundException">A required file is missing.</exception>
    public WordNetDatabase(string dictDirectory)
    {
        dir = Path.GetFullPath(dictDirectory);
        foreach (var pos in WordNetPosInfo.All)
            foreach (var name in new[] { "index.", "data." }.Select(p => p + WordNetPosInfo.FileSuffix(pos)).Append(WordNetPosInfo.FileSuffix(pos) + ".exc"))
                if (!File.Exists(Path.Combine(dir, name)))
                    throw new FileNotFoundException(
                        $"WordNet file '{Path.Combine(dir, name)}' is missing: the folder must hold WordNet 3.0's index.*, data.* and *.exc files. {WordNetLocator.HowToInstall}",
                        Path.Combine(dir, name));
        index = new(LoadIndex);
        exceptions = new(LoadExceptions);
        data = WordNetPosInfo.All.Select(p => new Lazy<byte[]>(() => File.ReadAllBytes(Path.Combine(dir, "data." + WordNetPosInfo.FileSuffix(p))))).ToArray();
    }

    /// <summary>The folder holding the database files.</summary>
    public string Directory => dir;

    /// <summary>NLTK's <c>_morphy(form, pos)</c>: the base forms of <paramref name="form"/> that WordNet lists for <paramref name="pos"/>.</summary>
    public IReadOnlyList<string> Morphy(string form, WordNetPos pos)
    {
        var map = index.Value;
        var p = (int)pos;
        List<string> Filter(IEnumerable<string> forms)
        {
            var result = new List<string>();
            foreach (var f in forms)
                if (map.TryGetValue(f, out var byPos) && byPos[p] != null && !result.Contains(f)) result.Add(f);
            return result;
        }
        var subs = WordNetPosInfo.Substitutions(pos);
        List<string> Apply(List<string> forms) =>
            [.. from f in forms from s in subs where f.EndsWith(s.Old, StringComparison.Ordinal) select f[..^s.Old.Length] + s.New];

        if (exceptions.Value[p].TryGetValue(form, out var exc)) return Filter([form, .. exc]);
        var forms = Apply([form]);
        var results = Filter([form, .. forms]);
        if (results.Count > 0) return results;
        while (forms.Count > 0)
        {
            forms = Apply(forms);
            results = Filter(forms);
            if (results.Count > 0) return results;
        }
        return [];
    }

    /// <summary>NLTK's <c>wordnet.synsets(word)</c> over nouns, verbs, adjectives and adverbs, in NLTK's order.</summary>
    public IReadOnlyList<WordNetSynset> Synsets(string word)
    {
        var lemma = PyText.Lower(word);
        var list = new List<WordNetSynset>();
        foreach (var pos in WordNetPosInfo.All)
            foreach (var form in Morphy(lemma, pos))
                foreach (var offset in index.Value[form][(int)pos]!)
                    list.Add(synsetCache.GetOrAdd((pos, offset), k => ReadSynset(k.Item1, k.Item2)));
        return list;
    }

    /// <summary>
    /// What NLTK's METEOR matches a hypothesis word against: the lemma names without '_' of every synset of
    /// <paramref name="word"/>, plus the word itself. Cached.
    /// </summary>
    public IReadOnlySet<string> MeteorSynonyms(string word) =>
        synonymCache.GetOrAdd(word, w =>
        {
            var set = new HashSet<string>(StringComparer.Ordinal) { w };
            foreach (var s in Synsets(w))
                foreach (var name in s.LemmaNames)
                    if (!name.Contains('_')) set.Add(name);
            return set;
        });

    private WordNetSynset ReadSynset(WordNetPos pos, long offset)
    {
        var bytes = data[(int)pos].Value;
        var end = Array.IndexOf(bytes, (byte)'\n', (int)offset);
        var line = Encoding.UTF8.GetString(bytes, (int)offset, (end < 0 ? bytes.Length : end) - (int)offset);
        var bar = line.IndexOf('|');
        var fields = PyText.Split(bar < 0 ? line : line[..bar]);
        if (fields.Count < 4 || !long.TryParse(fields[0], out var lineOffset) || lineOffset != offset)
            throw new InvalidDataException($"WordNet data.{WordNetPosInfo.FileSuffix(pos)} in {dir} has no synset at offset {offset}: the database is damaged or not WordNet 3.0.");
        var count = Convert.ToInt32(fields[3], 16);
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = StripMarker(fields[4 + 2 * i]);
        return new WordNetSynset(fields[2][0], offset, names);
    }

    /// <summary>Adjective lemmas may end in a syntactic marker such as "(p)" or "(ip)": NLTK drops it.</summary>
    private static string StripMarker(string name)
    {
        if (!name.EndsWith(')')) return name;
        var open = name.IndexOf('(');
        return open >= 0 && open < name.Length - 1 ? name[..open] : name;
    }

    private Dictionary<string, long[]?[]> LoadIndex()
    {
        var map = new Dictionary<string, long[]?[]>(150_000, StringComparer.Ordinal);
        foreach (var pos in WordNetPosInfo.All)
        {
            var file = Path.Combine(dir, "index." + WordNetPosInfo.FileSuffix(pos));
            var lineNo = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNo++;
                if (line.StartsWith(' ') || line.Length == 0) continue;
                var t = PyText.Split(line);
                try
                {
                    var tag = WordNetPosInfo.FromTag(t[1]) ?? throw new FormatException($"unknown part of speech '{t[1]}'");
                    var nSynsets = int.Parse(t[2]);
                    var nPointers = int.Parse(t[3]);
                    var at = 4 + nPointers + 2; // skip pointers, sense_cnt, tagsense_cnt
                    var offsets = new long[nSynsets];
                    for (var i = 0; i < nSynsets; i++) offsets[i] = long.Parse(t[at + i]);
                    if (!map.TryGetValue(t[0], out var byPos)) map[t[0]] = byPos = new long[]?[4];
                    byPos[(int)tag] = offsets;
                }
                catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
                {
                    throw new InvalidDataException($"WordNet index file {file}, line {lineNo}: {e.Message}", e);
                }
            }
        }
        return map;
    }

    private Dictionary<string, string[]>[] LoadExceptions() =>
        WordNetPosInfo.All.Select(pos =>
        {
            var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(Path.Combine(dir, WordNetPosInfo.FileSuffix(pos) + ".exc")))
            {
                var t = PyText.Split(line);
                if (t.Count > 0) map[t[0]] = t.Skip(1).ToArray();
            }
            return map;
        }).ToArray();
}
