using System.Diagnostics;
using MedMLNet.TestKit;

namespace MedMLNet.Tests.Samples;

/// <summary>The samples build with the solution and run on the bundled default model, non-interactively.</summary>
public class SampleRunTests
{
    private static (int Exit, string Out, string Err) Run(string sample, string workingDirectory, params string[] args) => RunWithInput(sample, workingDirectory, "", args);

    private static (int Exit, string Out, string Err) RunWithInput(string sample, string workingDirectory, string input, params string[] args)
    {
        var dll = Path.Combine(RepoPaths.Root, "samples", sample, "bin", "Release", "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (build MedMLNet.sln in Release)");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.StandardInputEncoding = new System.Text.UTF8Encoding(false);
        start.StandardOutputEncoding = System.Text.Encoding.UTF8;
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{sample} did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string DefaultModel => Path.Combine(RepoPaths.Root, "data", "models", "tiny-med-llama3");

    [Fact]
    public void PipelineQuickstartFineTunesSavesReloadsAndAnswers()
    {
        using var dir = RepoPaths.TempDir();
        var (exit, stdout, stderr) = Run("PipelineQuickstart", dir.Path, "--model", DefaultModel, "--steps", "3");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("BLEU", stdout);
        Assert.Contains("Q: 头痛发烧怎么办？", stdout);
        Assert.True(File.Exists(Path.Combine(dir.Path, "triage.zip")));
    }

    [Fact]
    public void ExistingMlNetAppPredictsDepartmentAndReplyFromOneZip()
    {
        using var dir = RepoPaths.TempDir();
        var (exit, stdout, stderr) = Run("ExistingMlNetApp", dir.Path, "--model", DefaultModel,
            "--data", Path.Combine(RepoPaths.Root, "data", "chinese-medical-dialogue", "neike-sample-gb18030.csv"));
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("micro-accuracy", stdout);
        Assert.Contains("科室：", stdout);
        Assert.Contains("答：", stdout);
        Assert.True(File.Exists(Path.Combine(dir.Path, "department-and-reply.zip")));
    }

    [Fact]
    public void TriageAssistantAnswersPipedQuestionsFlagsEmergenciesAndExitsAtEndOfInput()
    {
        using var dir = RepoPaths.TempDir();
        var (exit, stdout, stderr) = RunWithInput("TriageAssistant", dir.Path, "头痛发烧怎么办？\n/reset\nI have chest pain and can't breathe\n", "--model", DefaultModel);
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("免责声明", stdout);
        Assert.Contains("助手: ", stdout);
        Assert.Contains("URGENT", stdout);
        Assert.Contains("Assistant: ", stdout);
    }

    [Fact]
    public void TriageAssistantUsesAPatientProfileShowsLowConfidenceSpansAndRejectsABadProfile()
    {
        using var dir = RepoPaths.TempDir();
        var example = Path.Combine(RepoPaths.Root, "samples", "TriageAssistant", "profile.example.json");
        var (exit, stdout, stderr) = RunWithInput("TriageAssistant", dir.Path, "I have a rash after taking amoxicillin\n", "--model", DefaultModel, "--profile", example, "--show-confidence");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("Assistant: ", stdout);
        Assert.Contains("(low confidence: «", stdout);

        File.WriteAllText(Path.Combine(dir.Path, "bad.json"), """{"sex":"female","name":"Jane Roe"}""");
        (exit, stdout, stderr) = RunWithInput("TriageAssistant", dir.Path, "", "--model", DefaultModel, "--profile", Path.Combine(dir.Path, "bad.json"));
        Assert.Equal(1, exit);
        Assert.Contains("bad patient profile", stderr);
        Assert.Contains("bad.json", stderr);
    }
}
