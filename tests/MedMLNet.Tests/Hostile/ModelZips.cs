using MedMLNet.BaseModel;
using MedMLNet.Catalogs;
using MedMLNet.LlamaChat;
using MedMLNet.Prediction;
using MedMLNet.TestKit;
using MedMLNet.Tests.Support;
using Microsoft.ML;

namespace MedMLNet.Tests.Hostile;

/// <summary>
/// A real, small model zip saved from a tiny checkpoint: NormalizeText → FormatChat → LlamaChatTransformer (with a PEFT
/// LoRA adapter), made once per test process, and the checked load the hostile-zip tests run on altered copies of it.
/// </summary>
internal static class ModelZips
{
    public static readonly TextRow[] Rows = [new() { Question = "头痛两天", Answer = "" }, new() { Question = "Sore throat?", Answer = "" }];

    private static readonly Lazy<(TempDir Dir, string BaseDir, string AdapterDir, string Zip)> made = new(Make);

    /// <summary>The saved pipeline zip (do not modify: copy it).</summary>
    public static string Zip => made.Value.Zip;

    public static string BaseDir => made.Value.BaseDir;

    public static string AdapterDir => made.Value.AdapterDir;

    public static MLContext NewContext() => new(seed: 1);

    private static (TempDir, string, string, string) Make()
    {
        var dir = RepoPaths.TempDir("medmlnet-hostile-zip");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        var baseDir = TinyCheckpoint.Make(dir.File("base"));
        var adapter = TinyLora.Make(baseDir, dir.File("adapter"), seed: 5);
        var zip = dir.File("pipeline.zip");
        Save(NewContext().Llama.ChatModel(baseDir, adapter, new LlamaChatOptions { MaxNewTokens = 3 }), zip);
        return (dir, baseDir, adapter, zip);
    }

    /// <summary>Saves NormalizeText → FormatChat → <paramref name="chat"/> over <see cref="Rows"/> into <paramref name="zip"/>.</summary>
    public static void Save(LlamaChatTransformer chat, string zip)
    {
        var ml = NewContext();
        var data = ml.Data.LoadFromEnumerable(Rows);
        var text = ml.Transforms.Medical.NormalizeText("Question").Append(ml.Transforms.Medical.FormatChat("Question", systemPrompt: "Be brief.")).Fit(data);
        using (chat) ml.Model.Save(text.Append(chat), data.Schema, zip);
    }

    /// <summary>A copy of <see cref="Zip"/> in <paramref name="dir"/>.</summary>
    public static string CopyTo(TempDir dir)
    {
        var path = dir.File("model.zip");
        File.Copy(Zip, path);
        return path;
    }

    /// <summary>LoadChecked, then what a user does next without generating: the output schema and the chat options.</summary>
    public static ITransformer Load(string zip)
    {
        var ml = NewContext();
        var model = ml.Model.LoadChecked(zip, out var schema, BaseDir);
        _ = model.GetOutputSchema(schema);
        return model;
    }

    /// <summary>Loads and answers <see cref="Rows"/> (loads the base model and applies the carried adapter).</summary>
    public static string[] LoadAndAnswer(string zip)
    {
        var ml = NewContext();
        var model = Load(zip);
        try
        {
            return [.. ml.Data.CreateEnumerable<ChatReply>(model.Transform(ml.Data.LoadFromEnumerable(Rows)), false).Select(r => r.Reply)];
        }
        finally { (model as IDisposable)?.Dispose(); }
    }

    /// <summary>
    /// The exception types a damaged or crafted zip may raise from <see cref="Load"/>: each says what is wrong. A zip whose
    /// Schema entry was altered (a column renamed) loads, and then its output schema fails as ML.NET reports any schema
    /// mismatch: ArgumentOutOfRangeException for parameter inputSchema, naming the column.
    /// </summary>
    public static bool IsDocumented(Exception e) =>
        e is InvalidDataException or FormatException or InvalidOperationException or BaseModelNotFoundException
            or ArgumentOutOfRangeException { ParamName: "inputSchema" };
}
