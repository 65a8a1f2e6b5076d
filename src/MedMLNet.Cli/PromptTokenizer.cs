namespace MedMLNet.Cli;

/// <summary>Turns a user's text into chat-template ids with the checkpoint's tokenizer, and ids back into text.</summary>
internal sealed class PromptTokenizer
{
    public static PromptTokenizer Load(string modelDir) =>
        throw new CliUserException($"--prompt needs the Llama 3 tokenizer, which this build does not include yet; use --prompt-ids ({modelDir}).");

    public int[] EncodeUserPrompt(string text) => throw new NotSupportedException(text);

    public string Decode(IReadOnlyList<int> ids, IReadOnlyList<int> stopIds) => throw new NotSupportedException();
}
