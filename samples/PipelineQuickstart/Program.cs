// PipelineQuickstart: the ML.NET workflow of MedMLNet in one page, on the bundled default model.
//   dotnet run --project samples/PipelineQuickstart -- [--model DIR] [--data DIR] [--steps N]
// --data is a folder with train.jsonl / test.jsonl from `medmlnet prepare` (default: the demo's runs/demo/data, or a
// tiny built-in set when that does not exist yet).
using MedMLNet.Catalogs;
using MedMLNet.Llama.Training;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using Microsoft.ML;

var model = Arg("--model", "data/models/tiny-med-llama3");
var data = Arg("--data", "runs/demo/data");
var steps = int.Parse(Arg("--steps", "20"), System.Globalization.CultureInfo.InvariantCulture);
var (trainPath, testPath) = Files(data);

var ml = new MLContext(seed: 1);
var train = ml.Llama.LoadChatRecords(trainPath, holdOutReference: false);   // Roles/Messages with the answers: rows to learn from
var test = ml.Llama.LoadChatRecords(testPath, holdOutReference: true);      // Roles/Messages without the answer + Reference
var trainer = ml.Llama.LoraTrainer(new LlamaLoraOptions
{
    ModelPath = model, Rank = 8, Alpha = 32, Dropout = 0.1,
    Training = new TrainingOptions { MaxSteps = steps, BatchSize = 4, LearningRate = 2e-3, SequenceLength = 256 },
    Progress = new Progress<TrainingProgress>(p => { if (p.Step % 5 == 0) Console.WriteLine($"step {p.Step}/{p.TotalSteps} loss {p.Loss:F3}"); }),
    Chat = new LlamaChatOptions { MaxNewTokens = 32, RepetitionPenalty = 1.2 },
});
using var fitted = trainer.Fit(train);
ml.Model.SaveAtomic(fitted, train.Schema, "triage.zip");                     // adapter + options + base checkpoint reference
var metrics = ml.Llama.Evaluate(fitted.Transform(test), model: fitted);
Console.WriteLine($"BLEU {metrics.Bleu:F2}  ROUGE-L {metrics.RougeL:F3}  METEOR {(metrics.Meteor is double m ? m.ToString("F3") : "n/a (no WordNet)")}  perplexity {metrics.Perplexity:F1}");

var loaded = ml.Model.LoadChecked("triage.zip", out _);
var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(loaded);
foreach (var question in new[] { "What are the symptoms of diabetes?", "头痛发烧怎么办？" })
{
    var reply = engine.Predict(ChatRequest.FromTurns("", ("user", question)));
    Console.WriteLine($"Q: {question}\nA: {reply.Reply}  ({reply.CompletionTokens} tokens, {reply.FinishReason})");
}
(loaded as IDisposable)?.Dispose();
return 0;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static (string Train, string Test) Files(string dir)
{
    if (File.Exists(Path.Combine(dir, "train.jsonl")) && File.Exists(Path.Combine(dir, "test.jsonl")))
        return (Path.Combine(dir, "train.jsonl"), Path.Combine(dir, "test.jsonl"));
    // A few records so the sample runs before `medmlnet demo` has prepared the real splits.
    var tmp = Directory.CreateTempSubdirectory("quickstart-").FullName;
    string Line(string q, string a) => System.Text.Json.JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = q }, new { role = "assistant", content = a } } });
    File.WriteAllLines(Path.Combine(tmp, "train.jsonl"), Enumerable.Range(0, 16).Select(i => Line($"What helps a fever (case {i})?", "Rest, fluids and paracetamol; see a doctor if it lasts more than three days.")));
    File.WriteAllLines(Path.Combine(tmp, "test.jsonl"), [Line("What helps a fever?", "Rest, fluids and paracetamol; see a doctor if it lasts more than three days.")]);
    return (Path.Combine(tmp, "train.jsonl"), Path.Combine(tmp, "test.jsonl"));
}
