using System.Security.Cryptography;
using System.Text;

namespace MedMLNet.Data;

/// <summary>
/// Replaces record ids and conversation ids with pseudonyms when redacting (<c>r</c>/<c>c</c> + 12 hex digits): source
/// ids are often MRNs, encounter or patient numbers that no text pattern recognises. A pseudonym is an HMAC-SHA256 of
/// (source, id) keyed by a digest of the input's own bytes: the same input always gives the same pseudonyms, different
/// inputs give unrelated ones (prepared sets from several datasets can be merged), and a small id space such as MRNs cannot
/// be enumerated back without the input itself.
/// </summary>
internal sealed class Pseudonyms(byte[] key)
{
    /// <summary>Pseudonyms keyed by the content of <paramref name="inputPath"/> (a file, or every file of a folder in name order).</summary>
    public static Pseudonyms ForInput(string inputPath)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.Exists(inputPath)
            ? Directory.GetFiles(inputPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : (IEnumerable<string>)[inputPath];
        var buffer = new byte[1 << 16];
        foreach (var file in files)
        {
            using var s = File.OpenRead(file);
            for (int n; (n = s.Read(buffer)) > 0;) sha.AppendData(buffer, 0, n);
        }
        return new Pseudonyms(sha.GetHashAndReset());
    }

    public DialogueRecord Apply(DialogueRecord record) => record with
    {
        Id = Of("r", record.Source, record.Id),
        ConversationId = record.ConversationId is { Length: > 0 } c ? Of("c", record.Source, c) : record.ConversationId,
    };

    private string Of(string kind, string source, string id)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{kind}\0{source}\0{id}"));
        return kind + Convert.ToHexStringLower(mac, 0, 6);
    }
}
