using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// The Llama 3 tokenizer (3 / 3.1 / 3.2 / 3.3, or a small vocabulary trained by <see cref="BpeTrainer"/>), exact
/// to the token against Hugging Face: Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/> over the ranks of the
/// checkpoint's byte-level BPE vocabulary, with <see cref="Llama3PreTokenizer"/> splitting the text.
/// <para>
/// Two encoding modes. <see cref="Encode(string)"/> (the default, for anything a user or a dataset supplies)
/// treats text such as "&lt;|eot_id|&gt;" as ordinary characters: it can never become a control token.
/// <see cref="EncodeTrusted"/> parses special-token names into their ids and is meant only for text the program
/// itself wrote (the chat template). Neither adds a BOS; <see cref="ChatTemplate"/> adds exactly one.
/// </para>
/// Special tokens come from the files (tokenizer.json added_tokens, tokenizer_config.json added_tokens_decoder);
/// nothing assumes the id 128000. Instances are immutable and thread-safe.
/// </summary>
public sealed class Llama3Tokenizer
{
    private readonly TiktokenTokenizer tiktoken;
    private readonly byte[][] tokenBytes;          // by id; a special token holds the UTF-8 of its name
    private readonly bool[] isSpecial;             // by id
    private readonly Dictionary<string, int> specialIds;
    private readonly SpecialTokenMatcher matcher;
    private readonly Lazy<Dictionary<string, int>> spellingToId;

    private Llama3Tokenizer(byte[][] ranks, Dictionary<string, int> specials, TokenizerConfig config, string source)
    {
        specialIds = specials;
        BaseVocabSize = ranks.Length;
        VocabSize = Math.Max(ranks.Length, specials.Count == 0 ? 0 : specials.Values.Max() + 1);
        tokenBytes = new byte[VocabSize][];
        isSpecial = new bool[VocabSize];
        ranks.CopyTo(tokenBytes, 0);
        foreach (var (name, id) in specials)
        {
            tokenBytes[id] = Encoding.UTF8.GetBytes(name);
            isSpecial[id] = true;
        }
        for (var id = 0; id < VocabSize; id++)
            if (tokenBytes[id] == null) throw new InvalidDataException($"'{source}': no token has id {id} (the added tokens leave a gap after the vocabulary).");
        matcher = new SpecialTokenMatcher(specials);
        spellingToId = new(() => Enumerable.Range(0, BaseVocabSize).ToDictionary(i => ByteLevelAlphabet.Encode(tokenBytes[i]), i => i));
        tiktoken = TiktokenTokenizer.Create(ToTiktokenStream(ranks), Llama3PreTokenizer.Instance, normalizer: null, specialTokens: null);

        BosId = Require(config.BosToken ?? Llama3SpecialTokens.BeginOfText, source, "bos_token");
        EndOfTurnId = TokenToId(Llama3SpecialTokens.EndOfTurn) ?? Require(config.EosToken ?? Llama3SpecialTokens.EndOfText, source, "eos_token");
        StartHeaderId = Require(Llama3SpecialTokens.StartHeader, source, "the chat header token");
        EndHeaderId = Require(Llama3SpecialTokens.EndHeader, source, "the chat header token");
        EosIds = config.GenerationEosIds
            .Concat(new[] { config.EosToken, Llama3SpecialTokens.EndOfText, Llama3SpecialTokens.EndOfMessage, Llama3SpecialTokens.EndOfTurn }
                .Where(n => n != null).Select(n => TokenToId(n!)).OfType<int>())
            .Distinct().Order().ToArray();
        PadId = ChoosePad(config);
        ChatTemplateSource = config.ChatTemplate;
    }

    /// <summary>
    /// Loads the tokenizer of a checkpoint folder (tokenizer.json, else original/tokenizer.model in tiktoken format,
    /// plus tokenizer_config.json and generation_config.json when present), or from the vocabulary file itself.
    /// </summary>
    /// <exception cref="FileNotFoundException">No tokenizer file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A file is malformed (the message names it).</exception>
    public static Llama3Tokenizer FromPretrained(string path)
    {
        var files = TokenizerFiles.Resolve(path);
        var vocab = Malformed(files.Vocabulary, () => VocabularyReader.Read(files));
        var config = Malformed(files.Config ?? files.Vocabulary, () => TokenizerConfig.Read(files));
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, id) in vocab.AddedTokens.Concat(config.AddedTokens))
            specials.TryAdd(name, id);
        if (specials.Count == 0)   // a bare tiktoken file: Llama 3.1's names right after the vocabulary
            for (var k = 0; k < Llama3SpecialTokens.Count; k++) specials[Llama3SpecialTokens.DefaultNames[k]] = vocab.Ranks.Length + k;
        return new Llama3Tokenizer(vocab.Ranks, specials, config, files.Vocabulary);
    }

    /// <summary>Turns the JSON API's own errors on a hostile file (missing keys, wrong kinds, invalid UTF-8, overflow) into the documented <see cref="InvalidDataException"/> naming the file.</summary>
    private static T Malformed<T>(string file, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"'{file}' is malformed ({e.Message}); restore it from the original checkpoint.", e);
        }
    }

    /// <summary>Number of ids (base vocabulary plus special tokens): the embedding table's row count.</summary>
    public int VocabSize { get; }

    /// <summary>Number of ordinary (BPE) tokens; the special tokens follow them in Llama 3.</summary>
    public int BaseVocabSize { get; }

    /// <summary>&lt;|begin_of_text|&gt; (or the config's bos_token).</summary>
    public int BosId { get; }

    /// <summary>Every id generation stops on: generation_config eos_token_id, the config's eos_token, and &lt;|end_of_text|&gt;, &lt;|eom_id|&gt;, &lt;|eot_id|&gt; where the vocabulary has them.</summary>
    public IReadOnlyList<int> EosIds { get; }

    /// <summary>&lt;|eot_id|&gt;, which closes every chat message.</summary>
    public int EndOfTurnId { get; }

    /// <summary>&lt;|start_header_id|&gt;.</summary>
    public int StartHeaderId { get; }

    /// <summary>&lt;|end_header_id|&gt;.</summary>
    public int EndHeaderId { get; }

    /// <summary>
    /// The padding id: &lt;|finetune_right_pad_id|&gt; when the vocabulary has it (Llama 3.1+); else the config's pad_token;
    /// else, for Llama 3.0, &lt;|reserved_special_token_2|&gt; (id BOS+4, the slot 3.1 named finetune_right_pad_id);
    /// else &lt;|end_of_text|&gt;. Padded positions carry attention mask 0 and label -100, so the choice never reaches the loss.
    /// </summary>
    public int PadId { get; }

    /// <summary>The checkpoint's Jinja chat_template, if tokenizer_config.json has one.</summary>
    public string? ChatTemplateSource { get; }

    /// <summary>All special tokens by name (the 256 Llama 3 control tokens, reserved ones included).</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => specialIds;

    /// <summary>The Microsoft.ML.Tokenizers object doing the BPE (no special-token parsing, no BOS).</summary>
    public Tokenizer Inner => tiktoken;

    /// <summary>Encodes plain text: special-token names are ordinary characters. No BOS.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : [.. tiktoken.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false)];
    }

    /// <summary>Appends the plain-text encoding of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void EncodeTo(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0) ids.AddRange(tiktoken.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false));
    }

    /// <summary>
    /// Encodes text in which special-token names ARE control tokens (Hugging Face's default). Only for text the
    /// program wrote itself; never for user or dataset text. No BOS is added.
    /// </summary>
    public int[] EncodeTrusted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        for (var pos = 0; pos < text.Length;)
        {
            var (index, length, id) = matcher.FindNext(text, pos);
            var end = index < 0 ? text.Length : index;
            if (end > pos) ids.AddRange(tiktoken.EncodeToIds(text.AsSpan(pos, end - pos), considerPreTokenization: true, considerNormalization: false));
            if (index < 0) break;
            ids.Add(id);
            pos = index + length;
        }
        return [.. ids];
    }

    /// <summary>
    /// Decodes ids to text: the bytes of ordinary tokens as UTF-8 (invalid sequences become U+FFFD), special tokens
    /// as their names unless <paramref name="skipSpecialTokens"/>. No clean-up of spaces, so decode(encode(s)) == s.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var buffer = new List<byte>();
        foreach (var id in ids)
            if (!(skipSpecialTokens && IsSpecial(id))) buffer.AddRange(TokenBytes(id));
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer));
    }

    /// <summary>A decoder for a stream of generated ids that holds back incomplete UTF-8 characters.</summary>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    /// <summary>The raw bytes of a token (a special token: the UTF-8 of its name).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)VocabSize ? tokenBytes[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id must be in [0, {VocabSize}).");

    /// <summary>Whether <paramref name="id"/> is a special (control) token.</summary>
    public bool IsSpecial(int id) => (uint)id < (uint)VocabSize && isSpecial[id];

    /// <summary>The id of a special-token name, or of an ordinary token spelled as tokenizer.json spells it ("Ġthe"); null if none.</summary>
    public int? TokenToId(string token) =>
        specialIds.TryGetValue(token, out var id) || spellingToId.Value.TryGetValue(token, out id) ? id : null;

    /// <summary>The token's name: a special token's name, or the tokenizer.json (byte-level) spelling of an ordinary one.</summary>
    public string IdToToken(int id) => IsSpecial(id) ? Encoding.UTF8.GetString(TokenBytes(id)) : ByteLevelAlphabet.Encode(TokenBytes(id));

    private int Require(string name, string source, string what) =>
        TokenToId(name) ?? throw new InvalidDataException($"'{source}' has no special token {name} ({what}); is this a Llama 3 tokenizer with its 256 special tokens?");

    private int ChoosePad(TokenizerConfig config)
    {
        if (TokenToId(Llama3SpecialTokens.FinetuneRightPad) is { } pad) return pad;
        if (config.PadToken != null && specialIds.TryGetValue(config.PadToken, out pad)) return pad;
        if (specialIds.TryGetValue("<|reserved_special_token_2|>", out pad) && pad == BosId + 4) return pad;
        return TokenToId(Llama3SpecialTokens.EndOfText) ?? EndOfTurnId;
    }

    private static MemoryStream ToTiktokenStream(byte[][] ranks)
    {
        var sb = new StringBuilder(ranks.Length * 16);
        for (var rank = 0; rank < ranks.Length; rank++)
            sb.Append(Convert.ToBase64String(ranks[rank])).Append(' ').Append(rank.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return new MemoryStream(Encoding.ASCII.GetBytes(sb.ToString()));
    }
}
