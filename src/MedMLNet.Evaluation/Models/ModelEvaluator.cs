using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Reporting;
using MedMLNet.Llama.Adapters;
using MedMLNet.Llama.Generation;
using MedMLNet.Llama.Modules;
using MedMLNet.Llama.Scoring;
using MedMLNet.Llama.Tokenization;
using MedMLNet.Llama.Training;

namespace MedMLNet.Evaluation.Models;

/// <summary>
/// Model-driven evaluation of one system (a model, with or without an adapter) on chat test records: batched greedy
/// answers through the chat template, BLEU/ROUGE/METEOR per item and over the corpus with bootstrap CIs, perplexity of
/// the references given their prompts, and for multiple-choice records accuracy both by the letter the answer gives
/// and by the option with the highest log-likelihood.
/// </summary>
public sealed class ModelEvaluator(LlamaForCausalLM model, Llama3Tokenizer tokenizer, PrefixEncoder? prefix = null)
{
    private readonly ChatTemplate template = new(tokenizer);

    public ModelEvaluationResult Evaluate(string system, IReadOnlyList<EvalRecord> records, MetricSuite suite, ModelEvaluationOptions? options = null,
        IProgress<ModelEvaluationProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ModelEvaluationOptions();
        if (records.Count == 0) throw new ArgumentException("no records to evaluate.", nameof(records));
        var answers = Generate(system, records, options, progress, ct);
        var scorer = new SequenceScorer(model, prefix);
        var references = new SequenceScore[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            references[i] = scorer.Score(Example(records[i].Prompt, records[i].Reference, options.MaxSequenceLength));
            progress?.Report(new ModelEvaluationProgress(system, "perplexity", i + 1, records.Count));
        }
        var predictions = records.Select((r, i) => new Prediction(r.Id, r.Source, r.Lang, r.Question, r.Reference, answers[i].Text, answers[i].Result.FinishReason,
            answers[i].Result.PromptTokens, answers[i].Result.Tokens.Count, references[i].Nll, references[i].Tokens)).ToList();
        var extra = new Dictionary<string, double> { ["perplexity"] = SequenceScorer.Perplexity(references) };
        var mcq = records.Select((r, i) => (r, i)).Where(x => x.r.AnswerIdx is { Length: 1 }).ToList();
        if (mcq.Count > 0)
        {
            var (letter, loglik) = (0, 0);
            foreach (var (r, i) in mcq)
            {
                var chosen = MultipleChoice.Letter(answers[i].Text);
                var likeliest = LikeliestOption(scorer, r, options);
                predictions[i] = predictions[i] with { ChosenLetter = chosen, LikeliestOption = likeliest };
                if (chosen == r.AnswerIdx![0]) letter++;
                if (likeliest == r.AnswerIdx![0]) loglik++;
                progress?.Report(new ModelEvaluationProgress(system, "options", mcq.IndexOf((r, i)) + 1, mcq.Count));
            }
            extra["mcq_accuracy_letter"] = letter / (double)mcq.Count;
            extra["mcq_accuracy_loglik"] = loglik / (double)mcq.Count;
        }
        var items = predictions.Select(p => new EvalItem(p.Id, p.Answer, [p.Reference], p.Lang)).ToList();
        return new ModelEvaluationResult(SystemResult.Evaluate(system, items, suite, extra, options.Seed, options.BootstrapResamples), predictions);
    }

    private List<(string Text, GenerationResult Result)> Generate(string system, IReadOnlyList<EvalRecord> records, ModelEvaluationOptions options,
        IProgress<ModelEvaluationProgress>? progress, CancellationToken ct)
    {
        var generator = new LlamaGenerator(model, prefix);
        var generation = new GenerationOptions { MaxNewTokens = options.MaxNewTokens, RepetitionPenalty = options.RepetitionPenalty }.Validate();
        var room = model.Config.MaxPositionEmbeddings - options.MaxNewTokens - (int)(prefix?.NumVirtualTokens ?? 0);
        var stop = model.GenerationConfig.EosTokenIds;
        var answers = new List<(string, GenerationResult)>(records.Count);
        for (var start = 0; start < records.Count; start += options.BatchSize)
        {
            var batch = records.Skip(start).Take(options.BatchSize).Select(r => KeepEnd(template.Encode(r.Prompt, addGenerationPrompt: true), room)).ToList();
            foreach (var result in generator.Generate(batch, generation, ct))
            {
                var ids = result.Ids.Where(id => !stop.Contains(id)).ToList();
                answers.Add((tokenizer.Decode(ids, skipSpecialTokens: true).Trim(), result));
            }
            progress?.Report(new ModelEvaluationProgress(system, "generate", answers.Count, records.Count));
        }
        return answers;
    }

    private char? LikeliestOption(SequenceScorer scorer, EvalRecord record, ModelEvaluationOptions options)
    {
        var choices = MultipleChoice.Options(record.Question);
        if (choices.Count == 0) return null;
        return choices.MaxBy(c => -scorer.Score(Example(record.Prompt, $"{c.Letter}. {c.Text}", options.MaxSequenceLength)).Nll).Letter;
    }

    /// <summary>Prompt + answer with loss on the answer only, cut from the left to at most <paramref name="maxLength"/> tokens.</summary>
    private TrainingExample Example(IReadOnlyList<ChatMessage> prompt, string answer, int maxLength)
    {
        var s = template.EncodeForTraining([.. prompt, ChatMessage.Assistant(answer)]);
        var skip = Math.Max(0, s.Ids.Length - maxLength);
        return new TrainingExample(s.Ids[skip..], s.Labels[skip..]);
    }

    private static int[] KeepEnd(int[] ids, int room) => ids.Length <= room ? ids : ids[^room..];
}
