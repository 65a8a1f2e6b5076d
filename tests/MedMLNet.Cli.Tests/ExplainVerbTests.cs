using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>medmlnet explain: JSON scores for both methods and a self-contained HTML page.</summary>
public class ExplainVerbTests
{
    [Fact]
    public async Task ExplainPrintsScoresForBothMethodsAndWritesHtml()
    {
        using var dir = RepoPaths.TempDir();
        var html = dir.File("explain.html");
        var (exit, stdout, err) = await CliRunner.Run("explain", "--model", RepoPaths.Fixture("llama", "llama31-fp32"),
            "--prompt-ids", "5,17,99,3", "--reply-ids", "135,68", "--method", "both", "--json", "--html", html);
        Assert.True(exit == 0, err);
        var o = JsonDocument.Parse(stdout).RootElement;
        var grad = o.GetProperty("grad_x_input");
        var occlusion = o.GetProperty("occlusion");
        Assert.Equal(4, grad.GetProperty("scores").GetArrayLength());
        Assert.Equal(4, occlusion.GetProperty("scores").GetArrayLength());
        // Both methods start from the same log p(reply | prompt).
        Assert.Equal(grad.GetProperty("reply_logprob").GetDouble(), occlusion.GetProperty("reply_logprob").GetDouble(), 4);
        var page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("Occlusion", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public async Task UnknownMethodIsAUserError()
    {
        var (exit, _, err) = await CliRunner.Run("explain", "--model", RepoPaths.Fixture("llama", "llama31-fp32"), "--prompt-ids", "5", "--reply-ids", "6", "--method", "magic");
        Assert.Equal(1, exit);
        Assert.Contains("--method", err);
    }
}
