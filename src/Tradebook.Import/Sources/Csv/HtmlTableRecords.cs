using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Tradebook.Import.Sources.Csv;

/// <summary>
/// The rows of a web page's table, as many brokers' and sites' "export to Excel" writes a trade history: an HTML page
/// saved as <c>.xls</c> (or <c>.htm</c>, <c>.html</c>), read with AngleSharp, which only parses (no script runs, nothing
/// is fetched), as records of text that <see cref="CsvTable"/> loads as it loads a CSV file's. The largest table is read:
/// the trades, not an account's summary above them. A cell is its text, its spaces collapsed.
/// </summary>
internal static class HtmlTableRecords
{
    private static readonly string[] Extensions = [".xls", ".htm", ".html"];

    /// <summary>How much of the file is looked at to tell a page with a table: exports put the table near the top.</summary>
    private const int HeadChars = 64 * 1024;

    /// <summary>Whether <paramref name="path"/> is, by its name and its first characters, a web page with a table.</summary>
    public static bool Is(string path)
    {
        if (!Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var head = new char[HeadChars];
        var text = new string(head, 0, reader.ReadBlock(head, 0, head.Length)).TrimStart();
        return text.StartsWith('<') && text.Contains("<table", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The records of the page's largest table, each with its row number in that table.</summary>
    public static IEnumerable<(string[] Fields, long Line)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var page = new HtmlParser().ParseDocument(stream);
        var table = page.QuerySelectorAll("table").OfType<IHtmlTableElement>().MaxBy(t => t.Rows.Length);
        if (table is null)
        {
            throw new InvalidDataException("the page holds no table");
        }

        long line = 0;
        foreach (var row in table.Rows)
        {
            line++;
            yield return ([.. row.Cells.Select(c => string.Join(' ', c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))], line);
        }
    }
}
