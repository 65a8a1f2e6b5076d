using MedMLNet.Evaluation.Reporting;
using MedMLNet.Llama.Training;

namespace MedMLNet.Cli.Demo;

/// <summary>The demo's training curves: every step's training loss and each validation loss, as a report section.</summary>
internal sealed class DemoReport
{
    private readonly List<(double Step, double Loss)> train = [];
    private readonly List<(double Step, double Loss)> validation = [];

    public void Add(TrainingProgress p)
    {
        train.Add((p.Step, p.Loss));
        if (p.ValidationLoss is double v) validation.Add((p.Step, v));
    }

    public void AddTo(EvaluationReport report, string caption) => report.AddSection("LoRA fine-tuning: loss curves",
        SvgCharts.Lines("loss per step", [("training loss", train), ("validation loss", validation)], "step", "cross-entropy (nats/token)") +
        $"<p class=\"note\">{System.Net.WebUtility.HtmlEncode(caption)}</p>");
}
