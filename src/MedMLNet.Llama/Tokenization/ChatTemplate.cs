using System.Globalization;
using System.Text.RegularExpressions;

namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// Meta's Llama 3 / 3.1 Instruct chat template, reproduced exactly (text and ids) without a Jinja engine:
/// <c>&lt;|begin_of_text|&gt;</c> once, then per message
/// <c>&lt;|start_header_id|&gt;{role}&lt;|end_header_id|&gt;\n\n{content.strip()}&lt;|eot_id|&gt;</c>
/// (Python str.strip: <see cref="PythonText.IsSpace"/>), then, when asked, the generation prompt
/// <c>&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n</c>.
/// <para>
/// Ids are injection-safe: the template's own control tokens are special ids and every role or content segment is
/// encoded as plain text, so "&lt;|eot_id|&gt;" typed by a user stays text. They equal Hugging Face's
/// <c>apply_chat_template(tokenize=True)</c> unless a message contains special-token text (where Hugging Face would
/// turn it into control tokens). The BOS is emitted by the template alone, never twice.
/// </para>
/// Not supported: 3.1 tool definitions (custom_tools / builtin_tools) and assistant tool_calls.
/// </summary>
public sealed class ChatTemplate
{
    /// <summary>The value Hugging Face gives date_string when a 3.1 template has no strftime_now.</summary>
    public const string DefaultDateString = "26 Jul 2024";

    private const int Plain = -1;
    private readonly Llama3Tokenizer tokenizer;

    /// <summary>A template for <paramref name="tokenizer"/>; style and date default to what its chat_template says.</summary>
    /// <param name="tokenizer">The checkpoint's tokenizer.</param>
    /// <param name="style">Overrides the style detected from <see cref="Llama3Tokenizer.ChatTemplateSource"/>.</param>
    /// <param name="dateString">3.1 "Today Date" (e.g. "26 Jul 2024"); default: today for templates using strftime_now (3.2+), else the template's own default.</param>
    public ChatTemplate(Llama3Tokenizer tokenizer, ChatTemplateStyle? style = null, string? dateString = null)
    {
        this.tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        Style = style ?? DetectStyle(tokenizer.ChatTemplateSource);
        DateString = dateString ?? DefaultDate(tokenizer.ChatTemplateSource);
    }

    /// <summary>The template style in use.</summary>
    public ChatTemplateStyle Style { get; }

    /// <summary>The "Today Date" of the 3.1 system block.</summary>
    public string DateString { get; }

    /// <summary>Llama 3.1 when the Jinja template writes "Cutting Knowledge Date", else Llama 3.</summary>
    public static ChatTemplateStyle DetectStyle(string? jinja) =>
        jinja != null && jinja.Contains("Cutting Knowledge Date", StringComparison.Ordinal) ? ChatTemplateStyle.Llama31 : ChatTemplateStyle.Llama3;

    /// <summary>The rendered text and its injection-safe ids (BOS first).</summary>
    public ChatPrompt Apply(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var segments = Segments(messages, addGenerationPrompt);
        return new ChatPrompt(string.Concat(segments.Select(s => s.Text)), Ids(segments, labels: null));
    }

    /// <summary>The rendered prompt text, exactly as the Jinja template renders it.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        string.Concat(Segments(messages, addGenerationPrompt).Select(s => s.Text));

    /// <summary>The injection-safe ids of the prompt (BOS first).</summary>
    public int[] Encode(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        Ids(Segments(messages, addGenerationPrompt), labels: null);

    /// <summary>
    /// Ids and labels for "train on the assistant's answers only": the label is the id for each assistant message's
    /// content tokens (after strip, excluding its header and the "\n\n" after the header) and its closing
    /// &lt;|eot_id|&gt;; -100 for BOS, every header, system/user/tool messages and the 3.1 system block. No generation prompt.
    /// </summary>
    public LabelledSequence EncodeForTraining(IReadOnlyList<ChatMessage> messages)
    {
        var labels = new List<int>();
        var ids = Ids(Segments(messages, addGenerationPrompt: false), labels);
        return new LabelledSequence(ids, [.. labels]);
    }

    private int[] Ids(List<Segment> segments, List<int>? labels)
    {
        var ids = new List<int>();
        foreach (var s in segments)
        {
            var before = ids.Count;
            if (s.SpecialId == Plain) tokenizer.EncodeTo(s.Text, ids);
            else ids.Add(s.SpecialId);
            for (var i = before; labels != null && i < ids.Count; i++) labels.Add(s.Trained ? ids[i] : -100);
        }
        return [.. ids];
    }

    private List<Segment> Segments(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var m in messages)
            if (m?.Role is null || m.Content is null) throw new ArgumentException("Every chat message needs a role and a content (not null).", nameof(messages));
        var list = new List<Segment>();
        var rest = messages.AsEnumerable();
        if (Style == ChatTemplateStyle.Llama31)
        {
            var system = "";
            if (messages.Count > 0 && messages[0].Role == ChatRoles.System)
            {
                system = PythonText.Strip(messages[0].Content);
                rest = messages.Skip(1);
            }
            list.Add(Special(Llama3SpecialTokens.BeginOfText, tokenizer.BosId));
            Header(list, ChatRoles.System);
            list.Add(new($"\n\nCutting Knowledge Date: December 2023\nToday Date: {DateString}\n\n{system}", Plain, false));
            list.Add(Special(Llama3SpecialTokens.EndOfTurn, tokenizer.EndOfTurnId));
        }
        else if (messages.Count > 0) list.Add(Special(Llama3SpecialTokens.BeginOfText, tokenizer.BosId));

        foreach (var m in rest)
        {
            var tool = Style == ChatTemplateStyle.Llama31 && m.Role is ChatRoles.Ipython or ChatRoles.Tool;
            Header(list, tool ? ChatRoles.Ipython : m.Role);
            list.Add(new("\n\n", Plain, false));
            var content = tool ? PythonText.JsonDumps(m.Content) : PythonText.Strip(m.Content);
            var trained = m.Role == ChatRoles.Assistant;
            list.Add(new(content, Plain, trained));
            list.Add(Special(Llama3SpecialTokens.EndOfTurn, tokenizer.EndOfTurnId) with { Trained = trained });
        }
        if (addGenerationPrompt)
        {
            Header(list, ChatRoles.Assistant);
            list.Add(new("\n\n", Plain, false));
        }
        return list;
    }

    private void Header(List<Segment> list, string role)
    {
        list.Add(Special(Llama3SpecialTokens.StartHeader, tokenizer.StartHeaderId));
        list.Add(new(role, Plain, false));
        list.Add(Special(Llama3SpecialTokens.EndHeader, tokenizer.EndHeaderId));
    }

    private Segment Special(string name, int id) => new(tokenizer.IsSpecial(id) ? tokenizer.IdToToken(id) : name, id, false);

    private static string DefaultDate(string? jinja)
    {
        if (jinja == null) return DefaultDateString;
        if (jinja.Contains("strftime_now", StringComparison.Ordinal))
            return DateTime.Now.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
        var m = Regex.Match(jinja, "date_string\\s*=\\s*\"([^\"]+)\"");
        return m.Success ? m.Groups[1].Value : DefaultDateString;
    }

    /// <summary>A piece of the rendered prompt: a control token (SpecialId) or plain text; Trained marks label-carrying pieces.</summary>
    private readonly record struct Segment(string Text, int SpecialId, bool Trained);
}
