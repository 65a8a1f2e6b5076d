// ExistingMlNetApp: an ordinary ML.NET app — a department classifier (内科 sub-departments) trained with SDCA on the
// bundled Chinese medical dialogues — extended with MedMLNet: PHI redaction before featurizing, and the Llama chat
// transformer answering the same rows, all in one model and one saved zip.
//   dotnet run --project samples/ExistingMlNetApp -- [--model DIR] [--data FILE.csv] [--adapter DIR] [--save ZIP]
//   dotnet run --project samples/ExistingMlNetApp -- --model DIR --load ZIP     # answer with a zip saved earlier
using MedMLNet.Catalogs;
using MedMLNet.Data;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

var model = Arg("--model", "data/models/tiny-med-llama3");
var csv = Arg("--data", "data/chinese-medical-dialogue/neike-sample-gb18030.csv");
var adapter = Arg("--adapter", "");
var save = Arg("--save", "department-and-reply.zip");
var load = Arg("--load", "");   // a zip saved by an earlier run (possibly under another ML.NET version): skip training
var ml = new MLContext(seed: 1);

if (load.Length == 0)
{
    // 1. The existing app: rows from the GB18030 CSV, a text classifier predicting the department.
    var rows = DatasetReader.Read(csv, DatasetFormat.DialogueCsv)
        .Where(r => r.Metadata.ContainsKey("department"))
        .Select(r => new Consultation { Question = r.Question, Department = r.Metadata["department"] }).ToList();
    var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.2, seed: 1);
    var classifier = ml.Transforms.Medical.RedactPhi("Question")                              // MedMLNet: identifiers out first
        .Append(ml.Transforms.Text.FeaturizeText("Features", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = null,                                                        // Chinese has no spaces: character n-grams
            CharFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        }, "Question"))
        .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Department"))
        .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedDepartment", "PredictedLabel"));
    var classifierModel = classifier.Fit(split.TrainSet);
    var metrics = ml.MulticlassClassification.Evaluate(classifierModel.Transform(split.TestSet));
    Console.WriteLine($"department classifier: micro-accuracy {metrics.MicroAccuracy:F3}, macro-accuracy {metrics.MacroAccuracy:F3} on {rows.Count / 5} held-out rows");

    // 2. The same pipeline, extended: the Llama chat transformer answers each row's (redacted) question.
    using var chat = ml.Llama.ChatModel(model, adapter.Length > 0 ? adapter : null, new LlamaChatOptions
    {
        PromptColumn = "Question", MaxNewTokens = 24, RepetitionPenalty = 1.2, DefaultSystemPrompt = SystemPrompts.Chinese,
    });
    var extended = classifierModel.Append(chat);
    ml.Model.SaveAtomic(extended, split.TrainSet.Schema, save);
    load = save;
}

// 3. One zip, loaded back, one prediction engine: department and reply together.
var loaded = ml.Model.LoadChecked(load, out _);
var engine = ml.Model.CreatePredictionEngine<Consultation, Answer>(loaded);
foreach (var question in new[] { "最近总是头晕，血压160/100，需要吃什么药？", "医生您好，我有糖尿病，空腹血糖8.5，怎么控制？" })
{
    var answer = engine.Predict(new Consultation { Question = question });
    Console.WriteLine($"问：{question}\n科室：{answer.PredictedDepartment}\n答：{answer.Reply}");
}
(loaded as IDisposable)?.Dispose();
return 0;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

/// <summary>A consultation row of the existing app.</summary>
public sealed class Consultation
{
    public string Question { get; set; } = "";
    public string Department { get; set; } = "";
}

/// <summary>What the extended model returns.</summary>
public sealed class Answer
{
    public string PredictedDepartment { get; set; } = "";

    [ColumnName(ChatColumns.Reply)]
    public string Reply { get; set; } = "";
}
