using MedMLNet.Catalogs;
using MedMLNet.Prediction;
using MedMLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Tests.State;

/// <summary>A fitted pipeline (normalize the system prompt, then the echo chat transformer) over a fake base checkpoint.</summary>
public sealed class EchoChatFixture : IDisposable
{
    public static readonly ChatRequest[] Requests =
    [
        ChatRequest.FromTurns("  Be   careful. ", ("user", "I have had chest pain for two hours now")),
        ChatRequest.FromTurns("", ("user", "头痛"), ("assistant", "多久了？"), ("user", "三天 了")),
        new() { Roles = [], Messages = [] },
    ];

    public static readonly byte[] Weights = [16, 32, 8, 4, 200];

    private readonly TestKit.TempDir tmp = TestKit.RepoPaths.TempDir("medmlnet-echo");

    public EchoChatFixture()
    {
        Ml = new MLContext(seed: 1);
        BaseParent = Path.Combine(tmp.Path, "models");
        BaseDir = FakeCheckpoint.Create(BaseParent);
        Data = Ml.Data.LoadFromEnumerable(Requests);
        var normalize = Ml.Transforms.Medical.NormalizeText(ChatColumns.SystemPrompt).Fit(Data);
        var echo = new EchoChatTransformer(Ml, new EchoChatOptions { Prefix = "Doctor: ", MaxWords = 4 }, Weights, BaseDir);
        Model = new TransformerChain<ITransformer>(normalize, echo);
    }

    public MLContext Ml { get; }
    public string BaseParent { get; }
    public string BaseDir { get; }
    public IDataView Data { get; }
    public ITransformer Model { get; }
    public string Temp => tmp.Path;

    /// <summary>Saves the model to a new zip under the temp folder.</summary>
    public string Save(string name)
    {
        var zip = Path.Combine(tmp.Path, name);
        Ml.Model.Save(Model, Data.Schema, zip);
        return zip;
    }

    public void Dispose() => tmp.Dispose();
}
