using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>`medmlnet redact`: {"text"} lines → {"text", "redactions":[{"type","start","end"}]} with offsets into the input.</summary>
public class RedactVerbTests
{
    private static List<JsonElement> ReadJsonl(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task OffsetsPointIntoTheInputAndPlaceholdersAreTyped()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("in.jsonl");
        // Hand-derived spans: "Call " is 5 chars, the phone is 11 → [5, 16); "Mail " is 5, the e-mail 15 → [5, 20).
        string[] texts = ["Call 13912345678 now.", "Mail bob@example.com today.", "BP 120/80, HR 72, paracetamol 500 mg."];
        File.WriteAllLines(input, texts.Select((t, i) => JsonSerializer.Serialize(new { id = i, text = t })));
        var output = dir.File("out.jsonl");
        var (exit, stdout, err) = await CliRunner.Run("redact", "--input", input, "--output", output);
        Assert.True(exit == 0, err + stdout);

        var rows = ReadJsonl(output);
        Assert.Equal(3, rows.Count);
        Assert.Equal("Call [PHONE] now.", rows[0].GetProperty("text").GetString());
        var phone = rows[0].GetProperty("redactions")[0];
        Assert.Equal("PHONE", phone.GetProperty("type").GetString());
        Assert.Equal((5, 16), (phone.GetProperty("start").GetInt32(), phone.GetProperty("end").GetInt32()));
        Assert.Equal("13912345678", texts[0][5..16]);

        Assert.Equal("Mail [EMAIL] today.", rows[1].GetProperty("text").GetString());
        var email = rows[1].GetProperty("redactions")[0];
        Assert.Equal("EMAIL", email.GetProperty("type").GetString());
        Assert.Equal((5, 20), (email.GetProperty("start").GetInt32(), email.GetProperty("end").GetInt32()));

        // Clinical content stays and nothing is redacted; other fields pass through.
        Assert.Equal(texts[2], rows[2].GetProperty("text").GetString());
        Assert.Equal(0, rows[2].GetProperty("redactions").GetArrayLength());
        Assert.Equal(2, rows[2].GetProperty("id").GetInt32());
        Assert.DoesNotContain("13912345678", stdout + err);
    }

    [Fact]
    public async Task StrictFailsWithTheLineNumberAndNoOutput()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("in.jsonl");
        File.WriteAllLines(input, ["{\"text\": \"fine\"}", "{\"text\": 42}"]);
        var output = dir.File("out.jsonl");
        var (exit, _, err) = await CliRunner.Run("redact", "--input", input, "--output", output, "--strict");
        Assert.Equal(1, exit);
        Assert.Contains("in.jsonl:2", err);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task NoTextLinesIsAnError()
    {
        using var dir = RepoPaths.TempDir();
        var input = dir.File("in.jsonl");
        File.WriteAllLines(input, ["{\"note\": \"no text field\"}"]);
        var output = dir.File("out.jsonl");
        var (exit, _, err) = await CliRunner.Run("redact", "--input", input, "--output", output);
        Assert.Equal(1, exit);
        Assert.Contains("nothing written", err);
        Assert.False(File.Exists(output));
    }
}
