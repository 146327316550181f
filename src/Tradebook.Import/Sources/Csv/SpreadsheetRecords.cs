using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Tradebook.Import.Sources.Csv;

/// <summary>
/// The rows of a spreadsheet (<c>.xlsx</c>, <c>.xlsm</c>, or the older binary <c>.xls</c>), as an exchange's "export to Excel" writes a
/// trade history, read with ExcelDataReader as records of text, so that <see cref="CsvTable"/> loads them as it loads
/// a CSV file's. The first sheet that holds anything is read. A number is written as the shortest text that gives back
/// the number the cell holds (a spreadsheet keeps numbers as doubles, so no digit is added or lost), a date and time
/// as ISO-8601 without a zone (read as UTC, as a CSV's are), an empty cell as empty.
/// </summary>
internal static class SpreadsheetRecords
{
    private static readonly string[] Extensions = [".xlsx", ".xlsm", ".xls"];

    /// <summary>How a spreadsheet's file begins: a zip (Office Open XML) or an OLE2 compound file (binary Excel).</summary>
    private static readonly byte[][] Signatures = ["PK\u0003\u0004"u8.ToArray(), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]];

    static SpreadsheetRecords() =>

        // ExcelDataReader asks for Windows-1252 as its fallback encoding, even for a file of UTF-8 XML; .NET knows only
        // the UTF encodings until told of the others.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Whether <paramref name="path"/> is a spreadsheet by its name and its first bytes, either kind under either name
    /// (a web page saved as .xls is not one: <see cref="HtmlTableRecords"/> reads it).
    /// </summary>
    public static bool Is(string path)
    {
        if (!Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return false;
        }

        var head = new byte[8];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Signatures.Any(s => read >= s.Length && head.AsSpan(0, s.Length).SequenceEqual(s));
    }

    /// <summary>The records of the first sheet that holds any, each with its row number; throws <see cref="InvalidDataException"/> for a damaged file.</summary>
    public static IEnumerable<(string[] Fields, long Line)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateReader(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"not a spreadsheet Tradebook can read ({e.Message.TrimEnd('.')})", e);
        }

        using (reader)
        {
            do
            {
                long line = 0;
                var any = false;
                while (Next(reader))
                {
                    line++;
                    var fields = new string[reader.FieldCount];
                    for (var i = 0; i < fields.Length; i++)
                    {
                        fields[i] = Text(reader.GetValue(i));
                    }

                    // Trailing empty cells a sheet's formatting reaches are not fields.
                    var width = fields.Length;
                    while (width > 0 && fields[width - 1].Length == 0)
                    {
                        width--;
                    }

                    any |= width > 0;
                    yield return (fields[..width], line);
                }

                if (any)
                {
                    yield break;
                }
            }
            while (reader.NextResult());
        }
    }

    private static bool Next(IExcelDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
        {
            throw new InvalidDataException($"the spreadsheet is damaged ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text.Trim(),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTime time => time.ToString(time.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
