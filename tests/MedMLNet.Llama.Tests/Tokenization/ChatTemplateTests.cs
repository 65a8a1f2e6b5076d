using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>Template rules beyond the fixtures, on the tiny tokenizer; expected strings are derived from Meta's Jinja templates by hand.</summary>
public sealed class ChatTemplateTests
{
    private const string Llama31Jinja =
        "{{- bos_token }}{%- if not date_string is defined %}{%- set date_string = \"26 Jul 2024\" %}{%- endif %}" +
        "{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}{{- \"Cutting Knowledge Date: December 2023\\n\" }}";
    private const string Llama32Jinja =
        "{%- if strftime_now is defined %}{%- set date_string = strftime_now(\"%d %b %Y\") %}{%- endif %}Cutting Knowledge Date: December 2023";

    private static readonly ChatTemplate Llama3 = new(TinyTokenizer.Instance);
    private static readonly ChatTemplate Llama31 = new(TinyTokenizer.Load(Llama31Jinja));

    [Fact]
    public void StyleAndDateComeFromTheCheckpointTemplate()
    {
        Assert.Equal(ChatTemplateStyle.Llama3, Llama3.Style);
        Assert.Equal(ChatTemplateStyle.Llama31, Llama31.Style);
        Assert.Equal("26 Jul 2024", Llama31.DateString);
        var today = DateTime.Now.ToString("dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today, new ChatTemplate(TinyTokenizer.Load(Llama32Jinja)).DateString);
    }

    [Fact]
    public void ContentIsStrippedAsPythonStripsIt()
    {
        // U+001C..001F are whitespace to Python (not to .NET); U+3000 and U+00A0 are whitespace to both; U+200B is not whitespace.
        var text = Llama3.Render([ChatMessage.User("\x1c\u3000 hello\u00A0\x1f\r\n")], addGenerationPrompt: false);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhello<|eot_id|>", text);
        var keep = Llama3.Render([ChatMessage.User("\u200bhi\u200b")], addGenerationPrompt: false);
        Assert.Contains("\n\n\u200bhi\u200b<|eot_id|>", keep);
    }

    [Fact]
    public void Llama31AlwaysWritesTheSystemBlock()
    {
        var with = Llama31.Render([ChatMessage.System("  Be careful. "), ChatMessage.User("hi")], addGenerationPrompt: true);
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" +
            "Be careful.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", with);
        var without = Llama31.Render([ChatMessage.User("hi")], addGenerationPrompt: false);
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" +
            "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>", without);
    }

    [Fact]
    public void Llama31RendersToolResultsAsIpythonWithJsonQuotedContent()
    {
        var text = Llama31.Render([ChatMessage.User("q"), new ChatMessage(ChatRoles.Tool, " {\"bp\": \"120/80\"}\n")], addGenerationPrompt: false);
        Assert.EndsWith("<|start_header_id|>ipython<|end_header_id|>\n\n\" {\\\"bp\\\": \\\"120/80\\\"}\\n\"<|eot_id|>", text);
    }

    [Fact]
    public void Llama3PassesToolRolesThrough()
    {
        var text = Llama3.Render([new ChatMessage(ChatRoles.Ipython, " 42 ")], addGenerationPrompt: false);
        Assert.Equal("<|begin_of_text|><|start_header_id|>ipython<|end_header_id|>\n\n42<|eot_id|>", text);
    }

    [Fact]
    public void EmptyConversationIsJustTheGenerationPromptAsInHuggingFace() =>
        Assert.Equal("<|start_header_id|>assistant<|end_header_id|>\n\n", Llama3.Render([], addGenerationPrompt: true));

    [Fact]
    public void IdsAreControlTokensAndPlainSegments()
    {
        var tok = TinyTokenizer.Instance;
        var b = TinyTokenizer.BaseVocab;
        var ids = Llama3.Encode([ChatMessage.User("hello world")], addGenerationPrompt: false);
        Assert.Equal(new int[] { b + 0, b + 6, TinyTokenizer.User, b + 7, TinyTokenizer.NewLines, TinyTokenizer.Hello, TinyTokenizer.World, b + 9 }, ids);
        Assert.Equal(tok.EncodeTrusted(Llama3.Render([ChatMessage.User("hello world")], false)), ids);
    }

    [Fact]
    public void NullMessagePartsAreRejected() =>
        Assert.Throws<ArgumentException>(() => Llama3.Render([new ChatMessage("user", null!)], false));
}
