using System.Xml;

namespace MedMLNet.Data.Readers;

/// <summary>
/// MedQuAD XML (<c>&lt;Document id source url&gt;&lt;Focus/&gt;&lt;QAPairs&gt;&lt;QAPair&gt;&lt;Question qid qtype/&gt;&lt;Answer/&gt;</c>):
/// one file or a folder of *.xml (recursively, in ordinal name order). Streams with <see cref="XmlReader"/>.
/// Source is "MedQuAD/{Document source}".
/// </summary>
public sealed class MedQuadXmlReader : IDialogueReader
{
    /// <inheritdoc />
    public IEnumerable<DialogueRecord> Read(string path, ReadDiagnostics diagnostics, CancellationToken ct = default)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [path];
        if (files.Length == 0) throw new InvalidDataException($"{path}: the folder holds no .xml files; point --input at MedQuAD XML files.");
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            List<DialogueRecord> records;
            try
            {
                records = ReadFile(file);
            }
            catch (XmlException e)
            {
                diagnostics.Malformed(file, e.LineNumber, $"malformed XML: {e.Message}");
                continue;
            }
            foreach (var r in records)
            {
                diagnostics.Read();
                yield return r;
            }
        }
    }

    private static List<DialogueRecord> ReadFile(string file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, XmlResolver = null };
        using var xml = XmlReader.Create(file, settings);
        var records = new List<DialogueRecord>();
        string docId = Path.GetFileNameWithoutExtension(file), source = "MedQuAD", url = "", focus = "";
        string? qid = null, qtype = null, question = null;
        var pairIndex = 0;
        xml.Read();
        while (!xml.EOF)
        {
            // ReadElementContentAsString leaves the reader ON the next node, so only advance when nothing was consumed.
            if (xml.NodeType != XmlNodeType.Element || xml.Name is not ("Focus" or "Question" or "Answer"))
            {
                if (xml.NodeType == XmlNodeType.Element) Start(xml);
                xml.Read();
                continue;
            }
            switch (xml.Name)
            {
                case "Focus":
                    focus = xml.ReadElementContentAsString().Trim();
                    break;
                case "Question":
                    qid = xml.GetAttribute("qid");
                    qtype = xml.GetAttribute("qtype");
                    question = xml.ReadElementContentAsString().Trim();
                    break;
                case "Answer":
                    var answer = xml.ReadElementContentAsString().Trim();
                    if (question is { Length: > 0 })
                    {
                        var meta = new Dictionary<string, string> { ["focus"] = focus, ["url"] = url };
                        if (qtype is not null) meta["qtype"] = qtype;
                        records.Add(DialogueRecord.QuestionAnswer(qid ?? $"{docId}-{pairIndex}", source, question, answer) with { Metadata = meta });
                    }
                    question = null;
                    break;
            }
        }
        return records;

        void Start(XmlReader x)
        {
            if (x.Name == "Document")
            {
                docId = x.GetAttribute("id") ?? docId;
                source = "MedQuAD/" + (x.GetAttribute("source") ?? "unknown");
                url = x.GetAttribute("url") ?? "";
            }
            else if (x.Name == "QAPair")
            {
                pairIndex++;
                qid = qtype = question = null;
            }
        }
    }
}
