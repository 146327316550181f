using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tradebook.Storage.Sqlite;

/// <summary>
/// The rows of one query read through SQLite's column API: a text value is seen as its UTF-8 bytes
/// where <see cref="SqliteDataReader"/> would make a string of it, so that numbers, sides and times of
/// a large table are parsed without a string per value. Values read as strings convert as
/// <see cref="SqliteDataReader.GetString"/> converts them. The import reads other programs' tables through
/// it; the raw binding stays here, in Storage.
/// </summary>
public sealed class SqliteRows : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/>, binding the named <paramref name="parameters"/> (a long, an int or a string; null binds NULL).</summary>
    public SqliteRows(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _database);
        try
        {
            foreach (var (name, value) in parameters)
            {
                Bind(name, value);
            }
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    /// <summary>The columns of each row.</summary>
    public int ColumnCount => raw.sqlite3_column_count(_statement);

    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        SqliteException.ThrowExceptionForRC(rc, _database);
        return false;
    }

    /// <summary>The storage class of the value.</summary>
    public SqliteValueType Type(int ordinal) => (SqliteValueType)raw.sqlite3_column_type(_statement, ordinal);

    public bool IsNull(int ordinal) => Type(ordinal) == SqliteValueType.Null;

    public long Int64(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

    public double Double(int ordinal) => raw.sqlite3_column_double(_statement, ordinal);

    /// <summary>
    /// The bytes of the value as text, valid until the next call on this row. An INTEGER or REAL value is rendered
    /// as text by SQLite, in place: read its <see cref="Type"/> first, as it is not meaningful after that.
    /// </summary>
    public ReadOnlySpan<byte> Utf8(int ordinal) => raw.sqlite3_column_blob(_statement, ordinal);

    /// <summary>The value as text: integers as SQLite renders them, reals as <see cref="SqliteReal.Text"/> does, whatever the engine.</summary>
    public string String(int ordinal) => Type(ordinal) switch
    {
        SqliteValueType.Text => Encoding.UTF8.GetString(Utf8(ordinal)),
        SqliteValueType.Float => SqliteReal.Text(Double(ordinal)),
        _ => raw.sqlite3_column_text(_statement, ordinal).utf8_to_string(),
    };

    /// <summary>The value as <see cref="SqliteDataReader.GetValue"/> gives it, for messages.</summary>
    public object? Value(int ordinal) => Type(ordinal) switch
    {
        SqliteValueType.Null => null,
        SqliteValueType.Integer => Int64(ordinal),
        SqliteValueType.Float => Double(ordinal),
        SqliteValueType.Blob => Utf8(ordinal).ToArray(),
        _ => String(ordinal),
    };

    /// <summary>The value as text for messages: empty, or quoted as the source holds it.</summary>
    public string Shown(int ordinal) =>
        IsNull(ordinal) ? "(empty)" : "\"" + Convert.ToString(Value(ordinal), CultureInfo.InvariantCulture) + "\"";

    public void Dispose() => _statement.Dispose();

    private void Bind(string name, object? value)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index == 0)
        {
            throw new ArgumentException($"parameter {name} does not occur in the statement", nameof(name));
        }

        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            long number => raw.sqlite3_bind_int64(_statement, index, number),
            int number => raw.sqlite3_bind_int64(_statement, index, number),
            string text => raw.sqlite3_bind_text(_statement, index, text),
            _ => throw new NotSupportedException($"a {value.GetType().Name} value cannot be bound here"),
        };
        SqliteException.ThrowExceptionForRC(rc, _database);
    }
}
