using System.Text.Json;

namespace MedMLNet.Data.Readers;

/// <summary>
/// Streams the top-level items of a JSON document without loading the file: the elements of a top-level
/// array, or the (name, value) properties of a top-level object. Only one item is in memory at a time.
/// </summary>
internal static class JsonStream
{
    private enum Phase { Start, Items, Done }

    /// <summary>Top-level array elements (Name null) or object properties (Name set), in file order.</summary>
    public static IEnumerable<(string? Name, JsonElement Value)> ReadTopLevel(Stream stream, string path, CancellationToken ct = default)
    {
        var buffer = new byte[1 << 16];
        var length = 0;
        var final = false;
        var offset = 0;
        long lineBase = 1;
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var phase = Phase.Start;
        var isObject = false;
        length = Fill(stream, buffer, 0, ref final);
        if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) offset = 3;
        while (phase != Phase.Done)
        {
            ct.ThrowIfCancellationRequested();
            bool got;
            string? name;
            JsonElement value;
            int consumed;
            try
            {
                got = Next(buffer.AsSpan(offset, length - offset), final, ref state, ref phase, ref isObject, out consumed, out name, out value);
            }
            catch (JsonException e)
            {
                // JsonReaderState carries the reader's position across chunks, so LineNumber is 0-based from the file start.
                throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: malformed JSON ({FirstLine(e.Message)}); fix the file or convert it to JSONL.", e);
            }
            lineBase += CountNewlines(buffer.AsSpan(offset, consumed));
            offset += consumed;
            if (got)
            {
                yield return (name, value);
                continue;
            }
            if (phase == Phase.Done) break;
            if (consumed > 0) continue;
            if (final)
                throw new InvalidDataException($"{path}:{lineBase}: the JSON ends before its last item is complete (truncated file?).");
            // Need more bytes: keep the unread tail, grow when one item is larger than the buffer.
            var tail = length - offset;
            if (tail == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            Buffer.BlockCopy(buffer, offset, buffer, 0, tail);
            offset = 0;
            length = tail + Fill(stream, buffer, tail, ref final);
        }
    }

    private static bool Next(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref Phase phase, ref bool isObject,
        out int consumed, out string? name, out JsonElement value)
    {
        consumed = 0;
        name = null;
        value = default;
        var reader = new Utf8JsonReader(data, final, state);
        if (phase == Phase.Start)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
                throw new JsonException("the file must hold a JSON array or object at the top level", null, 0, 0);
            isObject = reader.TokenType == JsonTokenType.StartObject;
            phase = Phase.Items;
            state = reader.CurrentState;
            consumed = (int)reader.BytesConsumed;
            return false; // consumed only the opening token; the caller loops without refilling
        }
        if (!reader.Read()) return false;
        if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
        {
            phase = Phase.Done;
            consumed = (int)reader.BytesConsumed;
            return false;
        }
        if (isObject)
        {
            name = reader.GetString();
            if (!reader.Read()) return false;
        }
        var probe = reader;
        if (!probe.TrySkip()) return false;
        using (var doc = JsonDocument.ParseValue(ref reader))
            value = doc.RootElement.Clone();
        state = reader.CurrentState;
        consumed = (int)reader.BytesConsumed;
        return true;
    }

    private static int Fill(Stream stream, byte[] buffer, int start, ref bool final)
    {
        var total = 0;
        while (start + total < buffer.Length)
        {
            var n = stream.Read(buffer, start + total, buffer.Length - start - total);
            if (n == 0) { final = true; break; }
            total += n;
        }
        return total;
    }

    private static int CountNewlines(ReadOnlySpan<byte> span) => span.Count((byte)'\n');

    private static string FirstLine(string s) => s.Split('\n')[0];
}
