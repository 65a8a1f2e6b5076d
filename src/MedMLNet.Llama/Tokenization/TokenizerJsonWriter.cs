using System.Text.Encodings.Web;
using System.Text.Json;
using MedMLNet.IO;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Writes a byte-level BPE vocabulary as a Hugging Face tokenizer folder, laid out as Meta's Llama 3 checkpoints are:
/// tokenizer.json (model BPE with vocab + merges, Llama 3's Split regex then ByteLevel, the special tokens as
/// added_tokens right after the vocabulary, a post-processor that prepends BOS) and tokenizer_config.json
/// (added_tokens_decoder, bos/eos/pad tokens, the Llama 3 Instruct chat_template). Loads in transformers and in
/// <see cref="Llama3Tokenizer.FromPretrained"/>.
/// </summary>
public static class TokenizerJsonWriter
{
    /// <summary>Meta-Llama-3-8B-Instruct's chat_template, verbatim.</summary>
    public const string Llama3InstructTemplate =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

    private static readonly JsonWriterOptions options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="directory"/> (atomically, each).</summary>
    /// <param name="directory">Output folder (created).</param>
    /// <param name="ranks">The bytes of every token; the index is its id and its BPE rank. Every multi-byte token must be reachable by merging two lower-ranked tokens.</param>
    /// <param name="specialNames">Special tokens, given ids ranks.Count + index; default: the 256 Llama 3.1 names.</param>
    /// <param name="chatTemplate">The chat_template to store; default <see cref="Llama3InstructTemplate"/>.</param>
    public static void Write(string directory, IReadOnlyList<byte[]> ranks, IReadOnlyList<string>? specialNames = null, string? chatTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var specials = specialNames ?? Llama3SpecialTokens.DefaultNames;
        var merges = MergeDeriver.Derive(ranks);
        AtomicFile.Write(Path.Combine(directory, "tokenizer.json"), s => WriteTokenizerJson(s, ranks, merges, specials));
        AtomicFile.Write(Path.Combine(directory, "tokenizer_config.json"), s => WriteConfig(s, ranks.Count, specials, chatTemplate ?? Llama3InstructTemplate));
    }

    private static void WriteTokenizerJson(Stream stream, IReadOnlyList<byte[]> ranks, IReadOnlyList<(string, string)> merges, IReadOnlyList<string> specials)
    {
        using var w = new Utf8JsonWriter(stream, options);
        var bos = specials.Contains(Llama3SpecialTokens.BeginOfText) ? Llama3SpecialTokens.BeginOfText : specials[0];
        var bosId = ranks.Count + IndexOf(specials, bos);
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        for (var k = 0; k < specials.Count; k++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", ranks.Count + k);
            w.WriteString("content", specials[k]);
            w.WriteBoolean("single_word", false); w.WriteBoolean("lstrip", false); w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false); w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNull("normalizer");
        w.WriteStartObject("pre_tokenizer");
        w.WriteString("type", "Sequence");
        w.WriteStartArray("pretokenizers");
        w.WriteStartObject();
        w.WriteString("type", "Split");
        w.WriteStartObject("pattern"); w.WriteString("Regex", Llama3PreTokenizer.Pattern); w.WriteEndObject();
        w.WriteString("behavior", "Isolated");
        w.WriteBoolean("invert", false);
        w.WriteEndObject();
        ByteLevel(w, addPrefixSpace: false, trimOffsets: true, useRegex: false);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("post_processor");
        w.WriteString("type", "Sequence");
        w.WriteStartArray("processors");
        ByteLevel(w, addPrefixSpace: true, trimOffsets: false, useRegex: true);
        BosTemplate(w, bos, bosId);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WritePropertyName("decoder");
        ByteLevel(w, addPrefixSpace: true, trimOffsets: true, useRegex: true);
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout"); w.WriteNull("unk_token"); w.WriteNull("continuing_subword_prefix"); w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false); w.WriteBoolean("byte_fallback", false); w.WriteBoolean("ignore_merges", true);
        w.WriteStartObject("vocab");
        for (var id = 0; id < ranks.Count; id++) w.WriteNumber(ByteLevelAlphabet.Encode(ranks[id]), id);
        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (a, b) in merges) w.WriteStringValue(a + " " + b);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void ByteLevel(Utf8JsonWriter w, bool addPrefixSpace, bool trimOffsets, bool useRegex)
    {
        w.WriteStartObject();
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", useRegex);
        w.WriteEndObject();
    }

    /// <summary>Meta's TemplateProcessing: "&lt;|begin_of_text|&gt; $A" (and "$A $B" pairs each with a BOS), as transformers expects.</summary>
    private static void BosTemplate(Utf8JsonWriter w, string bos, int bosId)
    {
        w.WriteStartObject();
        w.WriteString("type", "TemplateProcessing");
        w.WriteStartArray("single"); Special(w, bos); Sequence(w, "A"); w.WriteEndArray();
        w.WriteStartArray("pair"); Special(w, bos); Sequence(w, "A"); Special(w, bos); Sequence(w, "B"); w.WriteEndArray();
        w.WriteStartObject("special_tokens");
        w.WriteStartObject(bos);
        w.WriteString("id", bos);
        w.WriteStartArray("ids"); w.WriteNumberValue(bosId); w.WriteEndArray();
        w.WriteStartArray("tokens"); w.WriteStringValue(bos); w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        static void Special(Utf8JsonWriter w, string name)
        {
            w.WriteStartObject(); w.WriteStartObject("SpecialToken"); w.WriteString("id", name); w.WriteNumber("type_id", 0); w.WriteEndObject(); w.WriteEndObject();
        }
        static void Sequence(Utf8JsonWriter w, string id)
        {
            w.WriteStartObject(); w.WriteStartObject("Sequence"); w.WriteString("id", id); w.WriteNumber("type_id", 0); w.WriteEndObject(); w.WriteEndObject();
        }
    }

    private static void WriteConfig(Stream stream, int baseVocab, IReadOnlyList<string> specials, string chatTemplate)
    {
        using var w = new Utf8JsonWriter(stream, options);
        w.WriteStartObject();
        w.WriteStartObject("added_tokens_decoder");
        for (var k = 0; k < specials.Count; k++)
        {
            w.WriteStartObject((baseVocab + k).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", specials[k]);
            w.WriteBoolean("lstrip", false); w.WriteBoolean("normalized", false); w.WriteBoolean("rstrip", false);
            w.WriteBoolean("single_word", false); w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteString("bos_token", specials.Contains(Llama3SpecialTokens.BeginOfText) ? Llama3SpecialTokens.BeginOfText : specials[0]);
        w.WriteString("chat_template", chatTemplate);
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        if (specials.Contains(Llama3SpecialTokens.EndOfTurn)) w.WriteString("eos_token", Llama3SpecialTokens.EndOfTurn);
        w.WriteStartArray("model_input_names"); w.WriteStringValue("input_ids"); w.WriteStringValue("attention_mask"); w.WriteEndArray();
        if (specials.Contains(Llama3SpecialTokens.FinetuneRightPad)) w.WriteString("pad_token", Llama3SpecialTokens.FinetuneRightPad);
        w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        w.WriteEndObject();
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
