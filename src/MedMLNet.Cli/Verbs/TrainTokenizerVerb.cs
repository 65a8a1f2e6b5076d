using System.CommandLine;
using System.Diagnostics;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Cli.Verbs;

/// <summary>
/// `medmlnet train-tokenizer --input CORPUS(.txt|.jsonl) --vocab-size N --output DIR`: learns a byte-level BPE
/// vocabulary with Llama 3's pre-tokenizer and writes tokenizer.json + tokenizer_config.json (256 Llama 3 special
/// tokens after the base vocabulary, Llama 3 Instruct chat template). Deterministic.
/// </summary>
internal sealed class TrainTokenizerVerb : ICliVerb
{
    public Command Build()
    {
        var input = new Option<string[]>("--input")
        {
            Description = "Corpus: .txt (one document) or .jsonl (text/question/answer/... fields of each record). Repeat for several files.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Total vocabulary size including the 256 special tokens (at least 512).", Required = true };
        var output = new Option<string>("--output") { Description = "Folder to write tokenizer.json and tokenizer_config.json into.", Required = true };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Never merge a pair seen fewer times (default 2).", DefaultValueFactory = _ => 2 };
        var cmd = new Command("train-tokenizer", "Train a Llama 3-style byte-level BPE tokenizer on a corpus.\n" +
            "Example: medmlnet train-tokenizer --input data/corpus.jsonl --vocab-size 4096 --output data/tokenizer")
            { input, vocabSize, output, minFrequency };
        cmd.SetAction(parse =>
        {
            var sw = Stopwatch.StartNew();
            var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = parse.GetValue(vocabSize), MinFrequency = parse.GetValue(minFrequency) });
            var documents = 0;
            foreach (var path in parse.GetValue(input)!)
                foreach (var doc in TrainingCorpus.Read(path)) { trainer.Add(doc); documents++; }
            var ranks = trainer.Train();
            var dir = parse.GetValue(output)!;
            TokenizerJsonWriter.Write(dir, ranks, trainer.SpecialTokens);
            Console.Error.WriteLine($"train-tokenizer: {documents} documents -> {ranks.Length} base tokens + {trainer.SpecialTokens.Count} special tokens in {dir} ({sw.Elapsed.TotalSeconds:F1} s)");
            return 0;
        });
        return cmd;
    }
}
