using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MedMLNet.TestKit;

namespace MedMLNet.Cli.Tests;

/// <summary>
/// Issue 11.3: PHI seeded into a dataset (EN + ZH, in text, ids and a malformed line) goes through prepare --redact,
/// train, eval (predictions, report, review pack), generate and failing commands, all with --verbose logs; then
/// every byte of every output file, and everything printed, is searched for each identifier.
/// </summary>
public class PhiLeakTests
{
    private static string Model => Path.Combine(RepoPaths.Root, "data", "models", "tiny-med-llama3");

    // (sentence with the identifier, the identifier that must never be seen again)
    private static readonly (string Sentence, string Value)[] Seeds =
    [
        ("My name is Jonathan Whitaker and", "Jonathan Whitaker"),
        ("you can call me at 617-555-0142 any time;", "617-555-0142"),
        ("my e-mail is jwhitaker1961@example.com.", "jwhitaker1961@example.com"),
        ("My MRN: 40027719 is on the card.", "40027719"),
        ("SSN 078-05-1120 is on file.", "078-05-1120"),
        ("I live at 42 Maple Street, Springfield, IL 62704.", "42 Maple Street"),
        ("I was born on 04/12/1961.", "04/12/1961"),
        ("Dr. Eleanor Vance saw me last week.", "Eleanor Vance"),
        ("The portal https://portal.stmarys-clinic.org/patient/8812 shows it.", "portal.stmarys-clinic.org"),
        ("My son Tobias has the same cough.", "Tobias"),
        ("我叫王建国，", "王建国"),
        ("手机13812345678，", "13812345678"),
        ("身份证号11010519491231002X，", "11010519491231002X"),
        ("住址：北京市朝阳区建国路88号，", "建国路88号"),
        ("病历号：ZY20231234。", "ZY20231234"),
        ("患者李秀英，女，67岁，", "李秀英"),
        ("Emergency contact: Harriet Quill, my sister.", "Harriet Quill"),
        ("Pt: Okonkwo, Adaeze.", "Adaeze"),
        ("Account 5521907346218 is mine.", "5521907346218"),
        ("我是孙丽华，", "孙丽华"),
        ("My license plate 7XKD219 was in the car park.", "7XKD219"),
    ];

    private static readonly string[] Complaints =
    [
        "I have had a dry cough for three weeks that gets worse at night.",
        "My ankle is swollen and painful after I twisted it yesterday.",
        "I feel dizzy every time I stand up quickly from bed.",
        "There is a burning sensation when I urinate and I go very often.",
        "A severe headache on one side of my head comes with flashing lights.",
        "我最近总是头痛，晚上睡不好，有时候还会恶心。",
        "孩子发烧三天了，体温38.5度，咳嗽有痰。",
        "胃痛一个月了，饭后更明显，偶尔反酸。",
    ];

    private static readonly string[] Replies =
    [
        "This may be reflux, asthma or postnasal drip; please have a chest examination.",
        "Rest, ice and elevation help a sprain; an X-ray rules out a fracture.",
        "Dizziness on standing suggests low blood pressure; drink fluids and have it checked.",
        "These are typical symptoms of a urinary infection; a urine test is needed.",
        "Headaches with visual aura are typical of migraine; keep a diary and see a neurologist.",
        "建议规律作息，必要时到神经内科就诊。",
        "建议多喝水，物理降温，持续发热请及时就医。",
        "可能是胃炎或胃溃疡，建议做胃镜检查。",
    ];

    [Fact]
    public async Task NoSeededIdentifierReachesAnyOutputFileLogOrMessage()
    {
        using var input = RepoPaths.TempDir("medmlnet-phi-in");
        using var work = RepoPaths.TempDir("medmlnet-phi-out");
        var dataset = input.File("patients.jsonl");
        var lines = new List<string>();
        for (var i = 0; i < 48; i++)
        {
            var seed = Seeds[i % Seeds.Length];
            var other = Seeds[(i * 7 + 3) % Seeds.Length];
            var c = i % Complaints.Length;
            lines.Add(JsonSerializer.Serialize(new
            {
                id = $"MRN-5550{i:D4}",
                conversation_id = $"PATIENT-WHITAKER-{i / 2}",
                question = $"{seed.Sentence} {Complaints[c]} (visit {i})",
                answer = $"{Replies[c]} {other.Sentence} Follow-up {i}.",
            }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        lines.Insert(10, "{\"id\": \"MRN-55509999\", \"question\": \"My name is Jonathan Whitaker, call 617-555-0142\"");   // malformed: unterminated
        File.WriteAllLines(dataset, lines);
        var printed = new StringBuilder();
        var log = work.File("diagnostic.log");
        async Task Run(int expectedExit, params string[] args)
        {
            var (exit, stdout, stderr) = await CliRunner.Run([.. args, "--verbose", log]);
            printed.Append(stdout).Append(stderr);
            Assert.True(exit == expectedExit, $"{string.Join(' ', args)} exited {exit}: {stderr}");
        }

        var data = work.File("data");
        await Run(0, "prepare", "--input", dataset, "--format", "jsonl", "--redact", "--split", "0.7,0.15,0.15", "--output", data);
        await Run(1, "prepare", "--input", dataset, "--format", "jsonl", "--redact", "--strict", "--output", work.File("strict"));
        await Run(0, "train", "--model", Model, "--data", Path.Combine(data, "train.jsonl"), "--validation", Path.Combine(data, "validation.jsonl"),
            "--max-steps", "2", "--save-every", "1", "--batch-size", "4", "--seq-len", "128", "--output", work.File("lora"));
        await Run(0, "eval", "--model", Model, "--adapter", work.File("lora"), "--data", Path.Combine(data, "test.jsonl"),
            "--limit", "4", "--max-new-tokens", "4", "--output", work.File("eval"));
        await Run(0, "generate", "--model", Model, "--prompt", "My name is Jonathan Whitaker, call me at 617-555-0142.", "--max-new-tokens", "2");
        await Run(1, "generate", "--model", work.File("no-such-model"), "--prompt", "患者李秀英，女，67岁，手机13812345678");

        var files = Directory.GetFiles(work.Path, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("predictions.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("adapter_model.safetensors", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("training_log.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("report.json", StringComparison.Ordinal));
        Assert.True(File.Exists(log));
        var haystacks = files.Select(f => (Name: f, Bytes: File.ReadAllBytes(f))).Append(("printed output", Encoding.UTF8.GetBytes(printed.ToString()))).ToList();
        foreach (var value in Seeds.Select(s => s.Value).Concat(["MRN-5550", "PATIENT-WHITAKER", "Whitaker"]))
            foreach (var form in Forms(value))
                foreach (var (name, bytes) in haystacks)
                    Assert.False(bytes.AsSpan().IndexOf(form) >= 0, $"'{value}' found in {name}");
        // The redacted text did reach the outputs: the search looked at real content.
        Assert.Contains("[NAME]", File.ReadAllText(Path.Combine(data, "train.jsonl")));
    }

    /// <summary>The identifier as raw UTF-8, UTF-16 and JSON-escaped (\uXXXX) bytes.</summary>
    private static IEnumerable<byte[]> Forms(string value)
    {
        yield return Encoding.UTF8.GetBytes(value);
        yield return Encoding.Unicode.GetBytes(value);
        var escaped = JsonSerializer.Serialize(value)[1..^1];
        if (escaped != value) yield return Encoding.UTF8.GetBytes(escaped);
    }
}
