using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli;

/// <summary>Turns a user's text into chat-template ids with the checkpoint's tokenizer, and ids back into text.</summary>
internal sealed class PromptTokenizer(Llama3Tokenizer tokenizer)
{
    public Llama3Tokenizer Tokenizer => tokenizer;
    public ChatTemplate Template { get; } = new(tokenizer);

    public static PromptTokenizer Load(string modelDir)
    {
        try { return new PromptTokenizer(Llama3Tokenizer.FromPretrained(modelDir)); }
        catch (FileNotFoundException e)
        {
            throw new CliUserException($"--prompt needs a tokenizer in {modelDir} (tokenizer.json or original/tokenizer.model): {e.Message} Use --prompt-ids instead.");
        }
    }

    /// <summary>One user message rendered with the chat template and the assistant header (injection-safe).</summary>
    public int[] EncodeUserPrompt(string text) => Template.Encode([ChatMessage.User(text)], addGenerationPrompt: true);

    /// <summary>The reply text, without the stop token that ended it.</summary>
    public string Decode(IReadOnlyList<int> ids, IReadOnlyList<int> stopIds) =>
        tokenizer.Decode(ids.Count > 0 && stopIds.Contains(ids[^1]) ? ids.Take(ids.Count - 1) : ids, skipSpecialTokens: true);
}
