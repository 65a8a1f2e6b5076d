using MedMLNet.Data;
using MedMLNet.TestKit;

namespace MedMLNet.Data.Tests;

/// <summary>MedQuAD XML with a DTD: entities are never expanded (no billion-laughs blow-up) and never resolved (no file read).</summary>
public class XmlEntityTests
{
    private const string Pair = "<Document id=\"0001\"><Focus>Flu</Focus><QAPairs><QAPair pid=\"1\"><Question qid=\"1\" qtype=\"information\">What is {0}?</Question><Answer>Flu is a virus.</Answer></QAPair></QAPairs></Document>";

    private static (int Records, ReadDiagnostics Diagnostics) Read(string xml)
    {
        using var tmp = RepoPaths.TempDir();
        var path = tmp.File("doc.xml");
        File.WriteAllText(path, xml);
        var d = new ReadDiagnostics();
        return (DatasetReader.Read(path, DatasetFormat.MedQuad, diagnostics: d).Count(), d);
    }

    [Fact]
    public void EntityBombIsAMalformedFileNotAnExpansion()
    {
        var levels = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var (records, d) = Read($"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{levels}]>" + string.Format(Pair, "&lol9;"));
        Assert.Equal(0, records);
        Assert.Equal(1, d.MalformedCount);
    }

    [Fact]
    public void ExternalEntityIsNeverRead()
    {
        using var tmp = RepoPaths.TempDir();
        var secret = tmp.File("secret.txt");
        File.WriteAllText(secret, "SECRET-4471");
        var (records, d) = Read($"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" + string.Format(Pair, "&xxe;"));
        Assert.Equal(0, records);
        Assert.Equal(1, d.MalformedCount);
        Assert.DoesNotContain("SECRET-4471", d.Issues[0].Reason);
    }

    [Fact]
    public void TheSameDocumentWithoutEntitiesReads() => Assert.Equal(1, Read(string.Format(Pair, "flu")).Records);
}
