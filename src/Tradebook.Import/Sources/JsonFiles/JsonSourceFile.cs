using System.Text;
using System.Text.Json;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>A record read from a JSON or JSON Lines file, with where it was found.</summary>
internal sealed record JsonRecord(JsonElement Value, string SourceRef, int? Line);

/// <summary>
/// One file read as a whole JSON document or, failing that, as JSON Lines with each unreadable line
/// kept aside with its number. Shape comes from content; the extension is not looked at.
/// </summary>
internal sealed class JsonSourceFile
{
    private JsonSourceFile(string path, string name)
    {
        Path = path;
        Name = name;
    }

    public string Path { get; }

    public string Name { get; }

    public JsonShape Shape { get; private set; }

    public JsonElement? Root { get; private set; }

    public List<JsonRecord> Records { get; } = [];

    /// <summary>JSON Lines only: non-empty lines that are not valid JSON, with the parser's complaint.</summary>
    public List<(int Line, string Reason)> CorruptLines { get; } = [];

    /// <summary>JSON Lines only: lines in the file, the last one counted even without a final newline.</summary>
    public int Lines { get; private set; }

    public bool IsJsonLines { get; private set; }

    /// <summary>Why a file that starts like JSON could not be read at all; null when it was read.</summary>
    public string? Damage { get; private set; }

    /// <summary>Reads <paramref name="path"/>; null when it is neither JSON nor JSON Lines of objects.</summary>
    /// <summary>
    /// Whether the file's first bytes could open a JSON document: no NUL byte, and after a BOM and
    /// white space a brace or a bracket. A large database or archive is ruled out from its first
    /// 4 KiB instead of being read whole.
    /// </summary>
    private static bool StartsLikeJson(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var bytes = head[..read];
        if (bytes.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        var start = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var first = start.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && start[first] is (byte)'{' or (byte)'[';
    }

    public static JsonSourceFile? Load(string path, string name)
    {
        if (!StartsLikeJson(path))
        {
            return null;
        }

        string text;
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf((byte)0) >= 0)
            {
                return null; // Binary: a database or an archive, not JSON.
            }

            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var file = new JsonSourceFile(path, name);
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            file.Root = document.RootElement.Clone();
            file.ClassifyDocument();
            return file;
        }
        catch (JsonException e)
        {
            // Not one document: try one object per line.
            file.Damage = e.Message;
        }

        file.IsJsonLines = true;
        var lines = text.Split('\n');
        file.Lines = lines.Length - (lines[^1].Length == 0 ? 1 : 0);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                file.Records.Add(new JsonRecord(document.RootElement.Clone(), $"{name}:{i + 1}", i + 1));
            }
            catch (JsonException e)
            {
                file.CorruptLines.Add((i + 1, e.Message));
            }
        }

        if (file.Records.Count == 0)
        {
            // Looks like JSON, yet neither one document nor lines of objects: damaged, and said so.
            file.Shape = JsonShape.Other;
            return file;
        }

        file.Damage = null;
        file.Shape = JsonShapes.Majority(file.Records.Select(r => r.Value));
        return file;
    }

    private void ClassifyDocument()
    {
        var root = Root!.Value;
        if (JsonShapes.Records(root) is { } records)
        {
            for (var i = 0; i < records.Count; i++)
            {
                Records.Add(new JsonRecord(records[i], $"{Name}[{i}]", null));
            }

            Shape = JsonShapes.Majority(records);
            if (Shape != JsonShape.Other)
            {
                return;
            }
        }

        Shape = JsonShapes.IsHoldings(root) ? JsonShape.Holdings
            : JsonShapes.IsStatus(root) ? JsonShape.Status
            : JsonShape.Other;
    }

    /// <summary>Entries of an auxiliary file: its records, or its properties when it has no list.</summary>
    public int Entries =>
        Records.Count > 0 ? Records.Count
        : Root is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().Count()
        : 0;
}
