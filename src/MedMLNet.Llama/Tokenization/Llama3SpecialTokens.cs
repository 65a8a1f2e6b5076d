namespace MedMLNet.Llama.Tokenization;

/// <summary>
/// The names of Llama 3's 256 special (control) tokens. A real checkpoint lists them with their ids in
/// tokenizer.json / tokenizer_config.json (128000–128255); <see cref="Llama3Tokenizer"/> always takes names and
/// ids from those files. <see cref="DefaultNames"/> is the Llama 3.1 layout, used by tokenizers this project
/// trains (ids = base vocabulary size + index) and for a bare tiktoken file with no config beside it.
/// </summary>
public static class Llama3SpecialTokens
{
    /// <summary>Start of every sequence (BOS).</summary>
    public const string BeginOfText = "<|begin_of_text|>";
    /// <summary>End of a document (the base model's EOS).</summary>
    public const string EndOfText = "<|end_of_text|>";
    /// <summary>Opens a message header (the role follows).</summary>
    public const string StartHeader = "<|start_header_id|>";
    /// <summary>Closes a message header.</summary>
    public const string EndHeader = "<|end_header_id|>";
    /// <summary>End of a turn: the Instruct model's stop token.</summary>
    public const string EndOfTurn = "<|eot_id|>";
    /// <summary>End of a message that expects a tool result (Llama 3.1+).</summary>
    public const string EndOfMessage = "<|eom_id|>";
    /// <summary>Padding for fine-tuning (Llama 3.1+).</summary>
    public const string FinetuneRightPad = "<|finetune_right_pad_id|>";
    /// <summary>Starts a tool call (Llama 3.1+).</summary>
    public const string PythonTag = "<|python_tag|>";

    /// <summary>Number of special tokens every Llama 3 vocabulary reserves.</summary>
    public const int Count = 256;

    /// <summary>The 256 names in Llama 3.1's order: 11 named tokens, then reserved_special_token_2…247.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = BuildDefaultNames();

    private static string[] BuildDefaultNames()
    {
        string[] named =
        [
            BeginOfText, EndOfText, "<|reserved_special_token_0|>", "<|reserved_special_token_1|>", FinetuneRightPad,
            "<|reserved_special_token_2|>", StartHeader, EndHeader, EndOfMessage, EndOfTurn, PythonTag,
        ];
        return [.. named, .. Enumerable.Range(3, Count - named.Length).Select(i => $"<|reserved_special_token_{i}|>")];
    }
}
