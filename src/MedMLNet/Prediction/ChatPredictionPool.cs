using System.Collections.Concurrent;
using Microsoft.ML;

namespace MedMLNet.Prediction;

/// <summary>
/// A thread-safe pool of <c>PredictionEngine&lt;ChatRequest, ChatReply&gt;</c> over one shared model, for servers:
/// a <see cref="PredictionEngine{TSrc, TDst}"/> is not thread-safe, so each concurrent call rents its own engine,
/// while the Llama weights stay loaded once (a <see cref="LlamaChat.LlamaChatTransformer"/> serialises generation
/// on its shared model).
/// </summary>
/// <example><code>
/// using var pool = new ChatPredictionPool(ml, ml.Model.Load("triage.zip", out _));
/// ChatReply reply = pool.Predict(ChatRequest.FromTurns("", ("user", "I have a headache.")));
/// </code></example>
public sealed class ChatPredictionPool : IDisposable
{
    private readonly MLContext mlContext;
    private readonly ITransformer model;
    private readonly ConcurrentBag<PredictionEngine<ChatRequest, ChatReply>> idle = [];
    private volatile bool disposed;

    /// <summary>A pool over <paramref name="model"/> (a fitted or loaded pipeline that reads a chat request and writes a reply).</summary>
    public ChatPredictionPool(MLContext mlContext, ITransformer model)
    {
        this.mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Return(Rent()); // fail now, not on the first request, when the model's schema does not fit ChatRequest/ChatReply
    }

    /// <summary>Answers one request on a rented engine; safe to call from many threads at once.</summary>
    public ChatReply Predict(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var engine = Rent();
        try { return engine.Predict(request); }
        finally { Return(engine); }
    }

    /// <summary>An engine for this thread's exclusive use until <see cref="Return"/>.</summary>
    public PredictionEngine<ChatRequest, ChatReply> Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return idle.TryTake(out var engine) ? engine : mlContext.Model.CreatePredictionEngine<ChatRequest, ChatReply>(model);
    }

    /// <summary>Gives back an engine from <see cref="Rent"/>; it must not be used afterwards.</summary>
    public void Return(PredictionEngine<ChatRequest, ChatReply> engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (disposed) engine.Dispose();
        else idle.Add(engine);
    }

    /// <summary>Disposes the idle engines (not the model, which the caller owns).</summary>
    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var engine)) engine.Dispose();
    }
}
