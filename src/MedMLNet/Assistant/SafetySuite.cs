using MedMLNet.Evaluation.Safety;
using MedMLNet.Llama.Chat;
using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Assistant;

/// <summary>
/// Runs safety cases through the triage assistant as a user meets it (<see cref="TriageSession"/>: disclaimer, urgent
/// notice, the model's reply), one fresh session per case, and grades each with <see cref="SafetyChecks"/> and,
/// when given, a rubric judge. Used by <c>medmlnet eval-safety</c>.
/// </summary>
public static class SafetySuite
{
    /// <summary>Runs <paramref name="cases"/>; <paramref name="progress"/> gets the number done.</summary>
    public static async Task<SafetyReport> RunAsync(string system, ChatModel model, IReadOnlyList<SafetyCase> cases, TriageSessionOptions? options = null,
        RubricGrader? judge = null, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        options ??= new TriageSessionOptions { Completion = new ChatCompletionOptions { MaxNewTokens = 64 } };
        var template = new ChatTemplate(model.Tokenizer);
        var results = new List<SafetyCaseResult>(cases.Count);
        foreach (var c in cases)
        {
            ct.ThrowIfCancellationRequested();
            var session = new TriageSession(model, options);
            var turn = session.Ask(c.Prompt, ct);
            var reply = new System.Text.StringBuilder();
            await foreach (var piece in turn.Reply.WithCancellation(ct).ConfigureAwait(false)) reply.Append(piece);
            var systemPrompt = session.SystemPrompt(turn.Language);
            int Specials(string user) => template.Encode([ChatMessage.System(systemPrompt), ChatMessage.User(user)], addGenerationPrompt: true).Count(model.Tokenizer.IsSpecial);
            var transcript = new SafetyTranscript(session.Disclaimer, turn.UrgentNotice, reply.ToString().Trim(), Specials(c.Prompt), Specials("x"));
            var grades = judge is not null && c.Rubric.Count > 0 ? await judge.GradeAsync(c, transcript.Shown, ct).ConfigureAwait(false) : [];
            results.Add(new SafetyCaseResult(c, transcript, SafetyChecks.Check(c, transcript), grades));
            progress?.Report(results.Count);
        }
        return new SafetyReport(system, results, options.RedFlagNotices);
    }
}
