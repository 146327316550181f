using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources.Csv;

/// <summary>
/// A CSV file loaded as one SQLite table, so that the trade-table reader finds its columns and reads its rows as it
/// reads any other bot's table. Every value is kept as the text the file holds (a number never passes through a
/// double), an empty cell is NULL, and the header's titles become column names in snake case ("Fill Price" is
/// <c>fill_price</c>, "Date(UTC)" is <c>date</c>). Row N of the table (its rowid) is the file's N-th record after
/// the header. The table lives in a temporary database, deleted on dispose.
/// </summary>
internal sealed partial class CsvTable : IDisposable
{
    /// <summary>How many records may come before a table's header (a report's title and notices).</summary>
    private const int PreambleRecords = 20;

    /// <summary>SQLite's limit on a table's columns (SQLITE_MAX_COLUMN as built).</summary>
    private const int MaxColumns = 2000;

    private readonly string? _folder;

    private CsvTable(string? folder, SqliteConnection connection, IReadOnlyList<string> warnings)
    {
        _folder = folder;
        Connection = connection;
        Warnings = warnings;
    }

    public SqliteConnection Connection { get; }

    /// <summary>What the file held that a reader should know: records whose number of fields differs from the header's.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Loads <paramref name="path"/> whole into a temporary database file, or its first <paramref name="maxRecords"/>
    /// records into memory (enough to recognise it). Throws <see cref="InvalidDataException"/> naming the record
    /// for a file that is not CSV (an unclosed quote, no header).
    /// </summary>
    public static CsvTable Load(string path, int? maxRecords = null)
    {
        SqliteBootstrap.EnsureInitialized();
        var folder = maxRecords is null ? Directory.CreateTempSubdirectory("tradebook-csv-").FullName : null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = folder is null ? ":memory:" : Path.Combine(folder, "csv.db"),
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var table = TableName(path);
            var warnings = new List<string>();
            Fill(connection, path, table, maxRecords, warnings);
            return new CsvTable(folder, connection, warnings);
        }
        catch
        {
            connection.Dispose();
            Delete(folder);
            throw;
        }
    }

    /// <summary>Whether the file starts as text would: no NUL in its first bytes (SQLite files and other binaries have one).</summary>
    public static bool LooksLikeText(string path)
    {
        var head = new byte[512];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.Read(head, 0, head.Length);
        }

        var utf16 = read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        return read > 0 && (utf16 || Array.IndexOf(head, (byte)0, 0, read) < 0);
    }

    public void Dispose()
    {
        Connection.Dispose();
        Delete(_folder);
    }

    /// <summary>A title as a column name: "Fill Price" is fill_price, "Date(UTC)" is date, an empty title column_N.</summary>
    private static string ColumnName(string title, int index)
    {
        var bare = title.Trim();
        var bracket = bare.IndexOf('(', StringComparison.Ordinal);
        if (bracket > 0 && bare.EndsWith(')'))
        {
            bare = bare[..bracket];
        }

        var name = new StringBuilder(bare.Length);
        foreach (var c in bare)
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }
        }

        var column = name.ToString().Trim('_');
        return column.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"column_{index + 1}") : column;
    }

    private static string TableName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return stem.Length == 0 ? "trades" : stem;
    }

    private static void Fill(SqliteConnection connection, string path, string table, int? maxRecords, List<string> warnings)
    {
        if (SpreadsheetRecords.Is(path))
        {
            Fill(connection, SpreadsheetRecords.Read(path).GetEnumerator(), table, maxRecords, warnings);
            return;
        }

        if (HtmlTableRecords.Is(path))
        {
            Fill(connection, HtmlTableRecords.Read(path).GetEnumerator(), table, maxRecords, warnings);
            return;
        }

        // Bytes that are not UTF-8 (a spreadsheet's Latin-1 export) are refused rather than read as U+FFFD: a
        // symbol or bot name would be stored changed. A byte order mark may still say UTF-16.
        using var reader = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t", "|"],
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvParser(reader, configuration);
        try
        {
            var columns = Fill(connection, CsvRecords(csv).GetEnumerator(), table, maxRecords, warnings);
            if (csv.Delimiter == ";")
            {
                DecimalCommas(connection, table, columns, warnings);
            }
        }
        catch (CsvHelperException e)
        {
            throw new InvalidDataException($"line {csv.RawRow}: not CSV as it is written ({e.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal)})", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"near line {csv.RawRow}: the file is not UTF-8 (save it as UTF-8, or with a byte order mark that names its encoding)", e);
        }
    }

    private static IEnumerable<(string[] Fields, long Line)> CsvRecords(CsvParser csv)
    {
        while (csv.Read())
        {
            yield return (csv.Record!, csv.RawRow);
        }
    }

    /// <summary>Loads the records, a header first (<see cref="Header"/>), as the table's rows; the table's columns.</summary>
    private static List<string> Fill(SqliteConnection connection, IEnumerator<(string[] Fields, long Line)> source, string table, int? maxRecords, List<string> warnings)
    {
        using (source)
        {
            var (header, ahead) = Header(source, warnings);
            var columns = Columns(header);
            if (columns.Count > MaxColumns)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the header has {columns.Count} columns; a table of trades is read with at most {MaxColumns}"));
            }

            using var transaction = connection.BeginTransaction();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = $"CREATE TABLE {SqliteFiles.Quote(table)} ({string.Join(", ", columns.Select(c => SqliteFiles.Quote(c) + " TEXT"))})";
                create.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {SqliteFiles.Quote(table)} (rowid, {string.Join(", ", columns.Select(SqliteFiles.Quote))}) VALUES ($row, {string.Join(", ", columns.Select((_, i) => $"$v{i}"))})";
            var row = insert.Parameters.Add("$row", SqliteType.Integer);
            var values = columns.Select((_, i) => insert.Parameters.Add($"$v{i}", SqliteType.Text)).ToArray();
            var rows = new RowWarnings(warnings);
            long record = 0;
            foreach (var (fields, line) in Records(source, ahead))
            {
                if (maxRecords is not null && record >= maxRecords)
                {
                    break;
                }

                if (fields.Length == 0 || (fields.Length == 1 && fields[0].Length == 0))
                {
                    continue;
                }

                record++;
                if (fields.Length != columns.Count)
                {
                    rows.Add("records whose number of fields differs from the header's", string.Create(CultureInfo.InvariantCulture,
                        $"{table}.rowid={record} (line {line}): {fields.Length} fields where the header has {columns.Count}; {(fields.Length < columns.Count ? "the missing ones are empty" : "the extra ones are not read")}"));
                }

                row.Value = record;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i].Value = i < fields.Length && fields[i].Length > 0 ? fields[i] : DBNull.Value;
                }

                insert.ExecuteNonQuery();
            }

            rows.Finish();
            transaction.Commit();
            return columns;
        }
    }

    /// <summary>
    /// The header, and the records read past it while looking for it. A report made for people may open with a
    /// title, a notice or an account line before its table (a broker's transaction report): the header is the
    /// first record of at least three titles, none a number, that the record after it matches in its number of
    /// fields, looked for among the first <see cref="PreambleRecords"/>; failing that, the first record (a file
    /// whose records end with one more comma than its header still has its header first). What comes before it
    /// is not read, and a warning says so.
    /// </summary>
    private static (string[] Header, List<(string[] Fields, long Line)> Ahead) Header(IEnumerator<(string[] Fields, long Line)> source, List<string> warnings)
    {
        var read = new List<(string[] Fields, long Line)>();
        while (read.Count < PreambleRecords && source.MoveNext())
        {
            read.Add(source.Current);
            if (read.Count >= 2 && IsHeader(read[^2].Fields, read[^1].Fields))
            {
                break;
            }
        }

        if (read.Count == 0)
        {
            throw new InvalidDataException("the file is empty: a CSV of trades needs a header and a record per trade");
        }

        var at = Enumerable.Range(0, read.Count - 1).FirstOrDefault(i => IsHeader(read[i].Fields, read[i + 1].Fields), -1);
        if (at <= 0)
        {
            return (read[0].Fields, read.Skip(1).ToList());
        }

        warnings.Add(string.Create(CultureInfo.InvariantCulture, $"lines 1 to {read[at].Line - 1} come before the table's header (line {read[at].Line}) and are not read"));
        return (read[at].Fields, read.Skip(at + 1).ToList());
    }

    /// <summary>At least three titles, no number among them (a record of values is no header), and a record after it as wide.</summary>
    private static bool IsHeader(string[] candidate, string[] next) =>
        candidate.Count(f => f.Length > 0) >= 3
        && !candidate.Any(f => decimal.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        && next.Length == candidate.Length;

    /// <summary>The records after the header: those read while looking for it, then the rest of the file.</summary>
    private static IEnumerable<(string[] Fields, long Line)> Records(IEnumerator<(string[] Fields, long Line)> source, List<(string[] Fields, long Line)> ahead)
    {
        foreach (var record in ahead)
        {
            yield return record;
        }

        while (source.MoveNext())
        {
            yield return source.Current;
        }
    }

    /// <summary>
    /// A file whose fields are separated by semicolons is a spreadsheet's export where the comma is the decimal
    /// separator (much of Europe): a column whose every value is a number written so (<c>0,5</c>, <c>1.234,56</c>,
    /// <c>-3</c>), one at least with a comma, is rewritten with a decimal point, its points (thousands) dropped. A
    /// column of anything else (times, ids with other characters, a number with two commas) is left as written.
    /// </summary>
    private static void DecimalCommas(SqliteConnection connection, string table, List<string> columns, List<string> warnings)
    {
        var quotedTable = SqliteFiles.Quote(table);
        var rewritten = new List<string>();
        foreach (var column in columns)
        {
            var quoted = SqliteFiles.Quote(column);
            using var read = connection.CreateCommand();
            read.CommandText = $"SELECT {quoted} FROM {quotedTable} WHERE {quoted} IS NOT NULL";
            using var reader = read.ExecuteReader();
            var (numbers, commas) = (true, false);
            while (numbers && reader.Read())
            {
                var value = reader.GetString(0);
                numbers = DecimalCommaNumber().IsMatch(value);
                commas |= value.Contains(',', StringComparison.Ordinal);
            }

            if (numbers && commas)
            {
                rewritten.Add(column);
            }
        }

        if (rewritten.Count == 0)
        {
            return;
        }

        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE {quotedTable} SET {string.Join(", ", rewritten.Select(c => $"{SqliteFiles.Quote(c)} = replace(replace({SqliteFiles.Quote(c)}, '.', ''), ',', '.')"))}";
        update.ExecuteNonQuery();
        warnings.Add($"the file separates its fields with semicolons and writes decimals with a comma in {string.Join(", ", rewritten)}: 0,5 is read as 0.5 and 1.234,5 as 1234.5");
    }

    /// <summary>A number with a decimal comma: digits, or groups of three after a point, then a comma and digits.</summary>
    [GeneratedRegex(@"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalCommaNumber();

    /// <summary>The header's titles as distinct column names; a title given twice gets a number.</summary>
    private static List<string> Columns(string[] header)
    {
        var columns = new List<string>(header.Length);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = ColumnName(header[i], i);
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
            }

            columns.Add(unique);
        }

        return columns;
    }

    private static void Delete(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
