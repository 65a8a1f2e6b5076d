using System.Diagnostics;
using System.Text.Json;
using MedMLNet.Llama.SafeTensors;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>
/// Issue 11.2: `medmlnet train` is SIGKILLed 20 times at random moments while it writes a 60 MB checkpoint every step
/// (full fine-tuning of the bundled model), each kill a random moment after that run's first own checkpoint; each kill leaves only complete files, every restart with --resume continues
/// from the last checkpoint, and the run finished after all the kills is bit-identical to one never interrupted.
/// </summary>
public class KillDuringSaveTests
{
    private const int Kills = 20, Steps = 80;
    private static string Model => Path.Combine(RepoPaths.Root, "data", "models", "tiny-med-llama3");

    private static string[] TrainArgs(string data, string output) =>
        ["train", "--model", Model, "--data", data, "--method", "full", "--max-steps", $"{Steps}", "--save-every", "1",
         "--batch-size", "2", "--seq-len", "64", "--lr", "1e-3", "--output", output];

    [Fact]
    public async Task TrainingKilledAtRandomMomentsLeavesCompleteFilesAndResumesToTheSameWeights()
    {
        using var dir = RepoPaths.TempDir();
        var data = dir.File("train.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 16).Select(i => JsonSerializer.Serialize(new
        {
            messages = new object[]
            {
                new { role = "user", content = $"Question {i}: I have had a cough for {i + 2} days, what should I do?" },
                new { role = "assistant", content = $"Answer {i}: rest, drink fluids and see a doctor if it lasts more than {i + 7} days." },
            },
        })));
        var reference = dir.File("reference");
        var (exit, _, err) = await CliRunner.Run(TrainArgs(data, reference));
        Assert.True(exit == 0, err);

        var output = dir.File("killed");
        var random = new Random(11);
        int lastStep = 0, midWrite = 0;
        for (var k = 0; k < Kills; k++)
        {
            using (var child = StartCli([.. TrainArgs(data, output), "--resume"]))
            {
                // Wait until this run has saved a checkpoint of its own, then kill it a random moment later
                // (mostly inside the next step's save, which takes most of each step).
                var clock = Stopwatch.StartNew();
                while (!child.HasExited && StepOf(output) <= lastStep && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(10);
                Thread.Sleep(random.Next(0, 400));
                if (child.HasExited) Assert.Fail($"train exited {child.ExitCode} before kill {k}: {child.StandardError.ReadToEnd()}");
                child.Kill();
                child.WaitForExit();
            }
            if (Directory.Exists(output) && Directory.GetFiles(output, ".*.tmp", SearchOption.AllDirectories).Length > 0) midWrite++;
            var step = CheckCompleteFiles(output);
            Assert.True(step >= lastStep, $"kill {k}: checkpoint went back from step {lastStep} to {step}");
            lastStep = step;
        }
        Assert.True(lastStep > 0 && lastStep < Steps, $"the kills should land mid-run; last checkpoint at step {lastStep} of {Steps}");
        Assert.True(midWrite > 0, "no kill landed while a file was being written; the test did not exercise the save window");

        (exit, _, err) = await CliRunner.Run([.. TrainArgs(data, output), "--resume"]);
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "model.safetensors")), File.ReadAllBytes(Path.Combine(output, "model.safetensors")));
        var logged = File.ReadAllLines(Path.Combine(output, "training_log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32());
        Assert.Equal(Enumerable.Range(1, Steps), logged);
        Assert.Empty(Directory.GetFiles(output, ".*.tmp", SearchOption.AllDirectories)); // stale temps of killed runs were swept
    }

    private static int StepOf(string dir)
    {
        try { return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "checkpoint", "trainer_state.json"))).RootElement.GetProperty("step").GetInt32(); }
        catch (IOException) { return 0; }
    }

    /// <summary>Every safetensors and JSON file under <paramref name="dir"/> is whole; returns the checkpoint's step (0 if none).</summary>
    private static int CheckCompleteFiles(string dir)
    {
        if (!Directory.Exists(dir)) return 0;
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".json", StringComparison.Ordinal)) JsonDocument.Parse(File.ReadAllText(file)).Dispose();
            if (name.Contains(".safetensors", StringComparison.Ordinal))
            {
                using var st = SafeTensorsFile.Open(file);
                foreach (var key in st.Tensors.Keys) st.Load(key).Dispose();
            }
        }
        var state = Path.Combine(dir, "checkpoint", "trainer_state.json");
        if (!File.Exists(state)) return 0;
        var root = JsonDocument.Parse(File.ReadAllText(state)).RootElement;
        foreach (var referenced in new[] { "weights", "optimizer" })
            Assert.True(new FileInfo(Path.Combine(dir, "checkpoint", root.GetProperty(referenced).GetString()!)).Length > 0, $"{referenced} file of the checkpoint is missing");
        return root.GetProperty("step").GetInt32();
    }

    private static Process StartCli(string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(CliHost).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        return p;
    }
}
