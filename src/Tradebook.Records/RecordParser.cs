using System.Text.Json;
using Tradebook.Core;
using Tradebook.Storage.Ledger;

namespace Tradebook.Records;

/// <summary>
/// Reads what <c>tradebook record</c> accepts: JSON Lines (one object a line), a JSON array of
/// objects, or a JSON object with arrays per kind (<c>{"fills": [...], "orders": [...]}</c>).
/// An object's kind comes from its <c>"kind"</c> field, else from the array it sits in, else from
/// the caller's default kind. The whole input is read and checked before anything is written, so a bad
/// line costs nothing but an error naming it. Every failure is a <see cref="TradebookException"/> with
/// <see cref="ErrorCode.InvalidInput"/>. See docs/record-format.md.
/// </summary>
public static class RecordParser
{
    /// <summary>
    /// Reads and checks a whole input of bytes, which must be UTF-8; <paramref name="sourceName"/> names it
    /// in errors. With a <paramref name="bot"/> (an HTTP request for one bot), records may leave out their
    /// <c>"bot"</c>, and one that names another bot is refused.
    /// </summary>
    public static LedgerBatch Parse(Stream input, string sourceName, RecordKind defaultKind, string? bot = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Parse(RecordInput.Read(input, sourceName), sourceName, defaultKind, bot);
    }

    /// <summary>Reads and checks a whole input of text; otherwise as <see cref="Parse(Stream, string, RecordKind, string?)"/>.</summary>
    public static LedgerBatch Parse(TextReader reader, string sourceName, RecordKind defaultKind, string? bot = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(RecordInput.FromText(reader.ReadToEnd(), sourceName), sourceName, defaultKind, bot);
    }

    /// <summary>
    /// Reads a bot turn's body: records grouped by kind (<c>{"signals": [...], "decision": {...}, "fills": [...]}</c>),
    /// or any shape <see cref="Parse(Stream, string, RecordKind, string?)"/> takes. An empty object is a turn in which
    /// nothing happened, not a record without its fields.
    /// </summary>
    public static LedgerBatch ParseTurn(Stream input, string sourceName, string bot)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Parse(RecordInput.Read(input, sourceName), sourceName, RecordKind.Fill, bot, emptyIsNothing: true);
    }

    private static LedgerBatch Parse(ReadOnlyMemory<byte> utf8, string source, RecordKind defaultKind, string? bot, bool emptyIsNothing = false)
    {
        var builder = new RecordBatchBuilder(bot);
        var first = FirstNonWhitespace(utf8.Span);
        if (first == '[')
        {
            using var document = ParseOrRefuse(utf8, source);
            ReadDocument(document, utf8, source, defaultKind, builder, emptyIsNothing);
        }
        else if (first == '{' && TryParseOne(utf8) is { } document)
        {
            using (document)
            {
                ReadDocument(document, utf8, source, defaultKind, builder, emptyIsNothing);
            }
        }
        else
        {
            ParseLines(utf8, source, defaultKind, builder);
        }

        return builder.Build();
    }

    private static int FirstNonWhitespace(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return -1;
    }

    // A JSON Lines file also starts with '{': it is one document only if it parses as one.
    private static JsonDocument? TryParseOne(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonDocument ParseOrRefuse(ReadOnlyMemory<byte> utf8, string source)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{source}: malformed JSON at line {e.LineNumber + 1}: {FirstSentence(e.Message)}; nothing was written");
        }
    }

    private static void ReadDocument(JsonDocument document, ReadOnlyMemory<byte> utf8, string source, RecordKind defaultKind, RecordBatchBuilder builder, bool emptyIsNothing)
    {
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            var lines = ElementLines(utf8.Span, depth: 1);
            var i = 0;
            foreach (var item in root.EnumerateArray())
            {
                builder.Add(item, $"{source} line {lines[i]} (item {i + 1})", defaultKind);
                i++;
            }
        }
        else if (root.ValueKind == JsonValueKind.Object && (emptyIsNothing || root.EnumerateObject().Any()) && root.EnumerateObject().All(p => p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object))
        {
            // Records grouped by kind; a group of one may be the object itself, as a bot turn's
            // "decision" and "snapshot" are. A single record always has a field that is neither. An empty
            // object is a record without its fields, refused as such (read as no groups, it recorded nothing
            // and said all was well to a client that had sent an empty map by mistake), except as a bot turn.
            JsonText.Check(root, source);
            var groupLines = ElementLines(utf8.Span, depth: 1);
            var lines = ElementLines(utf8.Span, depth: 2, intoObjects: false);
            var n = 0;
            var g = 0;
            foreach (var group in root.EnumerateObject())
            {
                var kind = RecordKindText.Parse(group.Name, $"{source} {Shown.Quoted(group.Name)}");
                if (group.Value.ValueKind == JsonValueKind.Object)
                {
                    builder.Add(group.Value, $"{source} line {groupLines[g++]} ({Shown.Plain(group.Name)})", kind);
                    continue;
                }

                g++;
                var i = 0;
                foreach (var item in group.Value.EnumerateArray())
                {
                    builder.Add(item, $"{source} line {lines[n++]} ({Shown.Plain(group.Name)}[{i++}])", kind);
                }
            }
        }
        else
        {
            var start = utf8.Span.IndexOfAnyExcept(" \t\r\n"u8);
            builder.Add(root, $"{source} line {utf8.Span[..start].Count((byte)'\n') + 1}", defaultKind);
        }
    }

    /// <summary>
    /// The line each value at <paramref name="depth"/> starts on, in document order; without
    /// <paramref name="intoObjects"/>, only values inside arrays count.
    /// </summary>
    private static List<int> ElementLines(ReadOnlySpan<byte> utf8, int depth, bool intoObjects = true)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(utf8);
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                var start = (int)reader.TokenStartIndex;
                line += utf8[counted..start].Count((byte)'\n');
                counted = start;
                lines.Add(line);
            }

            if ((reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= depth)
                || (!intoObjects && reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == depth - 1))
            {
                reader.Skip();
            }
        }

        return lines;
    }

    private static void ParseLines(ReadOnlyMemory<byte> utf8, string source, RecordKind defaultKind, RecordBatchBuilder builder)
    {
        var lineNumber = 0;
        var rest = utf8;
        while (rest.Length > 0)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            lineNumber++;
            if (FirstNonWhitespace(line.Span) < 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"{source} line {lineNumber}: malformed JSON: {FirstSentence(e.Message)}; nothing was written");
            }

            using (document)
            {
                builder.Add(document.RootElement, $"{source} line {lineNumber}", defaultKind);
            }
        }
    }

    private static string FirstSentence(string message) => Shown.OneLine(message.Split(". ")[0].TrimEnd('.'));
}
