using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage.Connection;

/// <summary>
/// A query read row by row on a hot path: a replay reads thousands of fills for every late batch. On
/// SQLite it steps the statement through SQLitePCL and parses each value from the row's own UTF-8 bytes,
/// where Microsoft.Data.Sqlite makes a string of every decimal and time before parsing it; values mean
/// exactly what Microsoft.Data.Sqlite would read (decimals with the same number styles, times through
/// <see cref="StoredTime"/>). On PostgreSQL it is an ordinary data reader.
/// </summary>
public abstract class RowReader : IDisposable
{
    /// <summary>
    /// Runs <paramref name="sql"/> with the named <paramref name="parameters"/> (a long, a string, a number or a
    /// time as <see cref="TradebookDatabase.Timestamp"/> gives it; null binds NULL).
    /// </summary>
    public static RowReader Open(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection is SqliteConnection sqlite
            ? new SqliteRowReader(sqlite, sql, parameters)
            : new CommandRowReader(connection, transaction, sql, parameters);
    }

    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    public abstract bool IsNull(int column);

    public abstract long GetInt64(int column);

    public long? GetInt64OrNull(int column) => IsNull(column) ? null : GetInt64(column);

    public abstract decimal GetDecimal(int column);

    public decimal? GetDecimalOrNull(int column) => IsNull(column) ? null : GetDecimal(column);

    public abstract string? GetStringOrNull(int column);

    public string GetString(int column) => GetStringOrNull(column) ?? throw new InvalidCastException($"column {column} is NULL");

    /// <summary>Whether the column holds exactly <paramref name="ascii"/> (a side, a status), without making a string of it.</summary>
    public abstract bool TextIs(int column, string ascii);

    /// <summary>A stored time, as <see cref="StoredTime.Read(object)"/> reads it.</summary>
    public abstract DateTimeOffset GetTime(int column);

    /// <summary>The column's text against <paramref name="text"/>, in the byte order of their UTF-8 (<see cref="Utf8Order"/>), without making a string of it.</summary>
    public abstract int CompareUtf8(int column, string text);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

/// <summary>The portable path: a command and its data reader (PostgreSQL).</summary>
internal sealed class CommandRowReader : RowReader
{
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;

    public CommandRowReader(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        _command = connection.Command(transaction, sql);
        foreach (var (name, value) in parameters)
        {
            _command.Add(name, value);
        }

        _reader = _command.ExecuteReader();
    }

    public override bool Read() => _reader.Read();

    public override bool IsNull(int column) => _reader.IsDBNull(column);

    public override long GetInt64(int column) => _reader.GetInt64(column);

    public override decimal GetDecimal(int column) => _reader.GetDecimal(column);

    public override string? GetStringOrNull(int column) => _reader.GetStringOrNull(column);

    public override bool TextIs(int column, string ascii) => !_reader.IsDBNull(column) && _reader.GetString(column) == ascii;

    public override DateTimeOffset GetTime(int column) => StoredTime.Read(_reader.GetValue(column));

    public override int CompareUtf8(int column, string text) => Utf8Order.Compare(GetStringOrNull(column), text);

    protected override void Dispose(bool disposing)
    {
        _reader.Dispose();
        _command.Dispose();
    }
}

/// <summary>The SQLite path: one sqlite3_stmt, stepped row by row, its values read from the row's bytes.</summary>
internal sealed class SqliteRowReader : RowReader
{
    // The styles Microsoft.Data.Sqlite parses a decimal with: a stored value reads the same on either path.
    private const NumberStyles DecimalStyles = NumberStyles.Number | NumberStyles.AllowExponent;

    private readonly SqliteRows _rows;

    /// <summary>
    /// The text each column gave last, so that a value repeated row after row (a fee currency) is one string,
    /// not one per row.
    /// </summary>
    private readonly string?[] _lastText;

    public SqliteRowReader(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        _rows = new SqliteRows(connection, sql, parameters);
        _lastText = new string?[_rows.ColumnCount];
    }

    public override bool Read() => _rows.Read();

    public override bool IsNull(int column) => _rows.IsNull(column);

    public override long GetInt64(int column) => _rows.Int64(column);

    // A column's blob is its text for TEXT, INTEGER and REAL values alike (SQLite converts), as Microsoft.Data.Sqlite reads them.
    public override decimal GetDecimal(int column)
    {
        var utf8 = Bytes(column);
        return decimal.TryParse(utf8, DecimalStyles, CultureInfo.InvariantCulture, out var value)
            ? value
            : decimal.Parse(Encoding.UTF8.GetString(utf8), DecimalStyles, CultureInfo.InvariantCulture);
    }

    public override string? GetStringOrNull(int column)
    {
        if (IsNull(column))
        {
            return null;
        }

        var utf8 = Bytes(column);
        if (_lastText[column] is { } last && last.Length == utf8.Length && Ascii.Equals(utf8, last))
        {
            return last;
        }

        return _lastText[column] = Encoding.UTF8.GetString(utf8);
    }

    public override bool TextIs(int column, string ascii) =>
        _rows.Type(column) == SqliteValueType.Text && Ascii.Equals(Bytes(column), ascii);

    public override DateTimeOffset GetTime(int column)
    {
        var utf8 = Bytes(column);
        Span<char> text = stackalloc char[StoredTime.SqliteLength];
        return utf8.Length == StoredTime.SqliteLength && Ascii.ToUtf16(utf8, text, out _) == System.Buffers.OperationStatus.Done
            && StoredTime.TryParseSqlite(text, out var time)
            ? time
            : StoredTime.Read(Encoding.UTF8.GetString(utf8));
    }

    public override int CompareUtf8(int column, string text) => Utf8Order.Compare(Bytes(column), text);

    // The column's text: SQLite renders an INTEGER or REAL value as text here, as Microsoft.Data.Sqlite reads it.
    private ReadOnlySpan<byte> Bytes(int column) => _rows.Utf8(column);

    protected override void Dispose(bool disposing) => _rows.Dispose();
}
