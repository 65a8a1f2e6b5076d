using System.Text.Json;
using MedMLNet.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.Support;

/// <summary>What the test assembly does when run as a console app (in the fresh process) — and the same code in-process, for comparison.</summary>
public static class FreshProcessModes
{
    /// <summary>text ZIP ROWS.json OUT.json | chat ZIP REQUESTS.json OUT.json</summary>
    public static void Run(string[] args)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(args[1], out _);
        var output = args[0] switch
        {
            "text" => TextOutputs(ml, model, JsonSerializer.Deserialize<TextRow[]>(File.ReadAllText(args[2]))!),
            "chat" => ChatOutputs(ml, model, JsonSerializer.Deserialize<ChatRequest[]>(File.ReadAllText(args[2]))!),
            _ => throw new ArgumentException($"unknown mode {args[0]}"),
        };
        File.WriteAllText(args[3], output);
    }

    /// <summary>Every Text column of the transformed rows, as JSON.</summary>
    public static string TextOutputs(MLContext ml, ITransformer model, TextRow[] rows)
    {
        var view = model.Transform(ml.Data.LoadFromEnumerable(rows));
        var columns = view.Schema.Where(c => !c.IsHidden && c.Type is TextDataViewType).ToArray();
        var result = new List<Dictionary<string, string>>();
        using var cursor = view.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        while (cursor.MoveNext())
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < columns.Length; i++)
            {
                ReadOnlyMemory<char> value = default;
                getters[i](ref value);
                row[columns[i].Name] = value.ToString();
            }
            result.Add(row);
        }
        return JsonSerializer.Serialize(result);
    }

    /// <summary>PredictionEngine answers, as JSON.</summary>
    public static string ChatOutputs(MLContext ml, ITransformer model, ChatRequest[] requests)
    {
        using var engine = ml.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);
        return JsonSerializer.Serialize(requests.Select(engine.Predict).ToArray());
    }
}
