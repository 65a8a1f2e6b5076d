using System.CommandLine;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Checkpoints;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;
using Spectre.Console;

namespace MedMLNet.Cli.Verbs;

/// <summary>`medmlnet train`: LoRA, prefix or full fine-tuning on chat JSONL; writes a PEFT adapter or a HF checkpoint.</summary>
internal sealed class TrainVerb : ICliVerb
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Base checkpoint folder (with its tokenizer).", Required = true };
        var data = new Option<string>("--data") { Description = "Training JSONL: {\"messages\": [...]} per line.", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation JSONL (loss and perplexity, early stopping, best weights)." };
        var method = new Option<string>("--method") { Description = "lora | prefix | full", DefaultValueFactory = _ => "lora" };
        method.AcceptOnlyFromAmong("lora", "prefix", "full");
        var rank = new Option<int>("--rank") { DefaultValueFactory = _ => 8, Description = "LoRA rank r." };
        var alpha = new Option<double>("--alpha") { DefaultValueFactory = _ => 32, Description = "LoRA alpha (scaling alpha/r)." };
        var dropout = new Option<double>("--dropout") { DefaultValueFactory = _ => 0.1, Description = "LoRA dropout." };
        var targets = new Option<string>("--target-modules") { DefaultValueFactory = _ => string.Join(",", LoraOptions.LlamaModules), Description = "Comma-separated projections to adapt." };
        var rslora = new Option<bool>("--rslora") { Description = "Scale by alpha/sqrt(r)." };
        var virtualTokens = new Option<int>("--virtual-tokens") { DefaultValueFactory = _ => 20, Description = "Prefix length for --method prefix." };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 3 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Stop after N optimizer steps (overrides --epochs)." };
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default 2e-4 for lora/prefix, 2e-5 for full)." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 4 };
        var accum = new Option<int>("--grad-accum") { DefaultValueFactory = _ => 1 };
        var seqLen = new Option<int>("--seq-len") { DefaultValueFactory = _ => 512 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { DefaultValueFactory = _ => "float32", Description = "float32 or bfloat16 (base weights; adapters stay fp32)." };
        var evalEvery = new Option<int>("--eval-every") { Description = "Validate every N steps (default: each epoch)." };
        var patience = new Option<int>("--early-stopping") { Description = "Stop after N validations without improvement." };
        var saveEvery = new Option<int>("--save-every") { DefaultValueFactory = _ => 50, Description = "Write a resumable checkpoint every N steps." };
        var masterWeights = new Option<bool>("--master-weights") { DefaultValueFactory = _ => true, Description = "Full fine-tuning of bfloat16 weights: keep fp32 master weights and fp32 AdamW state (true|false)." };
        var checkpointing = new Option<bool>("--gradient-checkpointing") { Description = "Recompute layer activations in backward (less memory, more compute)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --output." };
        var output = new Option<string>("--output") { Description = "Output folder (PEFT adapter for lora/prefix, HF checkpoint for full).", Required = true };
        var warmup = new Option<double>("--warmup-ratio") { DefaultValueFactory = _ => 0.03, Description = "Fraction of the steps spent warming the learning rate up linearly." };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 0.0, Description = "AdamW weight decay (never applied to norms and biases)." };
        var saveDtype = new Option<string?>("--save-dtype") { Description = "Stored dtype of a full fine-tune's weights (default: the training dtype), e.g. bfloat16." };
        var objective = new Option<string>("--objective")
        {
            Description = "chat: loss on the assistant's answers of {\"messages\"} records (fine-tuning). text: loss on every token of plain documents " +
                "({\"text\"} lines, or every text field of a record, or a .txt file) packed into --seq-len blocks (pretraining).",
            DefaultValueFactory = _ => "chat",
        };
        var cmd = new Command("train", "Fine-tune a Llama 3 checkpoint on chat data, or pretrain it on plain text.\n\nExamples:\n" +
            "  medmlnet train --model base/ --data train.jsonl --validation validation.jsonl --method lora --epochs 3 --output runs/lora\n" +
            "  medmlnet train --model runs/init --data corpus.jsonl --objective text --method full --lr 3e-3 --output runs/pretrained")
            { model, data, validation, method, rank, alpha, dropout, targets, rslora, virtualTokens, epochs, maxSteps, lr, batch, accum, seqLen, seed, dtype, evalEvery, patience, saveEvery, checkpointing, resume, output, objective, saveDtype, warmup, weightDecay, masterWeights };
        cmd.SetAction((parse, ct) =>
        {
            var outDir = parse.GetValue(output)!;
            var baseDir = parse.GetValue(model)!;
            var pretraining = parse.GetValue(objective) switch
            {
                "chat" => false, "text" => true,
                var o => throw new CliUserException($"--objective '{o}' is not one of chat, text."),
            };
            var kind = parse.GetValue(method) switch { "prefix" => FineTuneMethod.Prefix, "full" => FineTuneMethod.Full, _ => FineTuneMethod.Lora };
            var options = new TrainingOptions
            {
                Method = kind, Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(maxSteps), LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch), GradientAccumulation = parse.GetValue(accum), SequenceLength = parse.GetValue(seqLen),
                Seed = parse.GetValue(seed), EvalEvery = parse.GetValue(evalEvery), EarlyStoppingPatience = parse.GetValue(patience), SaveEvery = parse.GetValue(saveEvery),
                WarmupRatio = parse.GetValue(warmup), WeightDecay = parse.GetValue(weightDecay),
                GradientCheckpointing = parse.GetValue(checkpointing), MasterWeights = parse.GetValue(masterWeights),
            }.Validate();
            var lora = new LoraOptions
            {
                Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Dropout = parse.GetValue(dropout), UseRsLora = parse.GetValue(rslora), Seed = options.Seed,
                TargetModules = parse.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            if (kind == FineTuneMethod.Lora) lora.Validate();
            var tokenizer = PromptTokenizer.Load(baseDir);
            List<TrainingExample> Load(string path) => pretraining
                ? TextPacker.Pack(TrainingCorpus.Read(path).Select(tokenizer.Tokenizer.Encode), tokenizer.Tokenizer.BosId, EndOfText(tokenizer.Tokenizer), options.SequenceLength)
                : Tokenize(tokenizer, ChatJsonl.Read(path));
            var train = Load(parse.GetValue(data)!);
            var val = parse.GetValue(validation) is { } v ? Load(v) : null;

            using var m = LlamaForCausalLM.FromPretrained(baseDir, DTypes.Parse(parse.GetValue(dtype)!));
            using var prefix = kind == FineTuneMethod.Prefix ? PrefixEncoder.Create(m.Config, new PrefixOptions { NumVirtualTokens = parse.GetValue(virtualTokens), Seed = options.Seed }.Validate()) : null;
            if (kind == FineTuneMethod.Lora) LoraWeights.Attach(m, lora);
            Directory.CreateDirectory(outDir);
            LlamaTrainer trainer = null!;
            void SaveTo(string dir)
            {
                if (kind == FineTuneMethod.Lora) LoraWeights.Save(m, lora, dir, Path.GetFullPath(baseDir));
                else if (kind == FineTuneMethod.Prefix) PrefixWeights.Save(prefix!, dir, Path.GetFullPath(baseDir));
                else CheckpointWriter.Save(m, dir, parse.GetValue(saveDtype) is { } sd ? DTypes.Parse(sd) : null, tokenizerSource: baseDir, weights: trainer.MasterWeights);
            }
            trainer = new LlamaTrainer(m, options, prefix)
            {
                PadId = tokenizer.Tokenizer.PadId, CheckpointDir = Path.Combine(outDir, "checkpoint"), LogPath = Path.Combine(outDir, "training_log.jsonl"),
                Save = (tag, _) => SaveTo(tag == "best" ? Path.Combine(outDir, "best") : outDir),
            };
            Console.Error.WriteLine($"train: {train.Count} {(pretraining ? "packed blocks" : "examples")}" + (val is null ? "" : $", {val.Count} validation"));
            TrainingResult result = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
            {
                var task = ctx.AddTask($"{parse.GetValue(method)} fine-tuning", maxValue: 1);
                var progress = new Progress<TrainingProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    task.Description = $"step {p.Step}/{p.TotalSteps} loss {p.Loss:F3}" + (p.ValidationLoss is double vl ? $" val {vl:F3}" : "");
                });
                result = trainer.Train(train, val, progress, ct, parse.GetValue(resume));
            });
            Console.WriteLine($"trained {result.Steps} steps, final loss {result.FinalLoss:F4}" + (result.BestValidationLoss is double b ? $", best validation loss {b:F4} (perplexity {Math.Exp(b):F2}) at step {result.BestStep}" : "") + $" -> {outDir}");
            return Task.FromResult(result.Cancelled ? CliHost.Cancelled : 0);
        });
        return cmd;
    }

    private static int EndOfText(Llama3Tokenizer t) => t.SpecialTokens.TryGetValue("<|end_of_text|>", out var id) ? id : t.EosIds[0];

    private static List<TrainingExample> Tokenize(PromptTokenizer tokenizer, List<IReadOnlyList<Llama.Tokenization.ChatMessage>> records) =>
        records.Select(r => tokenizer.Template.EncodeForTraining(r)).Select(s => new TrainingExample(s.Ids, s.Labels)).ToList();
}
