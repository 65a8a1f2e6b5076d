using System.Diagnostics;
using System.Text.Json;
using MedMLNet.Llama.Tokenization;
using MedMLNet.TestKit;

namespace MedMLNet.Llama.Tests.Tokenization;

/// <summary>
/// A tokenizer folder written by <see cref="TokenizerJsonWriter"/> loads in Hugging Face's own JavaScript tokenizers
/// (npm @huggingface/tokenizers, merges-based BPE) and encodes exactly as <see cref="Llama3Tokenizer"/> (rank-based) does.
/// </summary>
public sealed class HuggingFaceInteropTests
{
    private const string Script = """
        import { Tokenizer } from "PACKAGE/dist/tokenizers.mjs";
        import fs from "fs";
        const [dir, input] = process.argv.slice(2);
        const tok = new Tokenizer(JSON.parse(fs.readFileSync(dir + "/tokenizer.json", "utf8")),
                                  JSON.parse(fs.readFileSync(dir + "/tokenizer_config.json", "utf8")));
        const texts = JSON.parse(fs.readFileSync(input, "utf8"));
        process.stdout.write(JSON.stringify(texts.map(t => tok.encode(t, { add_special_tokens: false }).ids)));
        """;

    private static readonly string[] Corpus =
    [
        .. Enumerable.Repeat("Patients with hypertension should take ibuprofen with care; it can raise blood pressure.\n\n", 30),
        .. Enumerable.Repeat("高血压，需要低盐饮食。孩子发烧39度，可以吃布洛芬吗？\r\n", 30),
        .. Enumerable.Repeat("Don't stop metformin. It's 500 mg twice daily (1,000 mg/day).   ", 20),
    ];

    [Fact]
    public void TrainedTokenizerEncodesTheSameInHuggingFaceTokenizersJs()
    {
        using var dir = RepoPaths.TempDir();
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 256 + 400 + 256 });
        foreach (var d in Corpus) trainer.Add(d);
        TokenizerJsonWriter.Write(dir.Path, trainer.Train());
        var ours = Llama3Tokenizer.FromPretrained(dir.Path);

        string[] texts = [.. Corpus.Distinct(), "Hypertension and HYPERTENSION; don't, DON'T, we'll", "高血压患者 😀 𠀀𠀁 naïve café\t\tx", "  12345 678.9 \n\n\n end"];
        File.WriteAllText(dir.File("texts.json"), JsonSerializer.Serialize(texts));
        File.WriteAllText(dir.File("check.mjs"), Script.Replace("PACKAGE", NpmAssets.Ensure("@huggingface/tokenizers", "0.2.0").Replace('\\', '/')));

        var psi = new ProcessStartInfo("node", [dir.File("check.mjs"), dir.Path, dir.File("texts.json")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEnd();
        var stderr = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, stderr);
        var theirs = JsonSerializer.Deserialize<int[][]>(stdout)!;
        for (var i = 0; i < texts.Length; i++)
            Assert.Equal(theirs[i], ours.Encode(texts[i]));
    }
}
