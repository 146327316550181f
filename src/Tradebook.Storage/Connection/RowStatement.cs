using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tradebook.Storage.Connection;

/// <summary>
/// A statement prepared once and run for many rows, its values set by position: the ledger's hot
/// writes. On SQLite it binds through SQLitePCL, the layer under Microsoft.Data.Sqlite, because
/// Microsoft.Data.Sqlite looks every parameter up by name on every run, which was half the cost of
/// inserting a fill. Values are stored exactly as Microsoft.Data.Sqlite stores them, and errors are
/// raised as the same <see cref="SqliteException"/>, so nothing downstream can tell the paths apart.
/// </summary>
public abstract class RowStatement : IDisposable
{
    public static RowStatement Prepare(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection is SqliteConnection sqlite
            ? new SqliteRowStatement(sqlite, sql, parameters)
            : new CommandRowStatement(connection, transaction, sql, parameters);
    }

    /// <summary>Sets the value of the parameter at <paramref name="index"/> (in the order given to <see cref="Prepare"/>).</summary>
    public abstract void Set(int index, object? value);

    /// <summary>As <see cref="Set(int, object?)"/>, without boxing: the common types of the hot paths.</summary>
    public virtual void Set(int index, string? value) => Set(index, (object?)value);

    /// <inheritdoc cref="Set(int, string?)"/>
    public virtual void Set(int index, decimal? value) => Set(index, (object?)value);

    /// <inheritdoc cref="Set(int, string?)"/>
    public virtual void Set(int index, long? value) => Set(index, (object?)value);

    /// <summary>A timestamp, stored as each engine stores the ledger's times (see <see cref="StoredTime.Parameter(SqlEngine, DateTimeOffset)"/>).</summary>
    public abstract void Set(int index, DateTimeOffset? value);

    /// <summary>Runs the statement; returns the number of rows it changed.</summary>
    public abstract int ExecuteNonQuery();

    /// <summary>Runs the statement; returns the first column of its first row (an id from RETURNING).</summary>
    public abstract long ExecuteInt64();

    /// <summary>Runs the statement; the first column of its first row, or null when it returned none (an insert that found its key taken).</summary>
    public abstract long? ExecuteInt64OrNull();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}

/// <summary>The portable path: an ADO.NET command, prepared, with positional values (PostgreSQL).</summary>
internal sealed class CommandRowStatement : RowStatement
{
    private readonly DbCommand _command;

    public CommandRowStatement(DbConnection connection, DbTransaction? transaction, string sql, string[] parameters)
    {
        _command = connection.Command(transaction, sql);
        foreach (var name in parameters)
        {
            _command.Add(name);
        }

        _command.Prepare();
    }

    public override void Set(int index, object? value) => _command.Set(index, value);

    public override void Set(int index, DateTimeOffset? value) =>
        Set(index, value is { } time ? StoredTime.Parameter(_command.Connection is SqliteConnection ? SqlEngine.Sqlite : SqlEngine.Postgres, time) : null);

    public override int ExecuteNonQuery() => _command.ExecuteNonQuery();

    public override long ExecuteInt64() => Convert.ToInt64(_command.ExecuteScalar(), CultureInfo.InvariantCulture);

    public override long? ExecuteInt64OrNull() =>
        _command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    protected override void Dispose(bool disposing) => _command.Dispose();
}

/// <summary>The SQLite path: one sqlite3_stmt, parameters resolved to their indexes once.</summary>
internal sealed class SqliteRowStatement : RowStatement
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    /// <summary>
    /// What each parameter holds now. SQLite keeps a statement's bindings from one execution to the next,
    /// so a value the previous row bound already (the source of every fill of an import, a side, a zero
    /// P&amp;L) is not formatted and bound again.
    /// </summary>
    private readonly Binding[] _bound;

    public SqliteRowStatement(SqliteConnection connection, string sql, string[] parameters)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, sql, out _statement), _database);
        _indexes = new int[parameters.Length];
        _bound = new Binding[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, parameters[i]);
            if (_indexes[i] == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"parameter {parameters[i]} does not occur in the statement", nameof(parameters));
            }
        }
    }

    public override void Set(int index, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                SetNull(index);
                break;
            case long number:
                Set(index, (long?)number);
                break;
            case int number:
                Set(index, (long?)number);
                break;
            case string text:
                Set(index, text);
                break;
            case decimal number:
                Set(index, (decimal?)number);
                break;
            default:
                throw new NotSupportedException($"a {value.GetType().Name} value cannot be bound here");
        }
    }

    // Text is encoded into a stack buffer and bound as UTF-8 (SQLite copies it), so that a row costs no
    // string or byte array per value; longer text goes through SQLitePCL's own conversion.
    public override void Set(int index, string? value)
    {
        var slot = _indexes[index];
        if (value is null)
        {
            SetNull(index);
            return;
        }

        if (_bound[index].Kind == BindingKind.Text && ReferenceEquals(_bound[index].Text, value))
        {
            return;
        }

        // An empty span would reach SQLite as a null pointer, which binds NULL, not ''.
        if (value.Length is 0 or > 128)
        {
            Bound(raw.sqlite3_bind_text(_statement, slot, value));
        }
        else
        {
            Span<byte> utf8 = stackalloc byte[128 * 3];
            var length = System.Text.Encoding.UTF8.GetBytes(value, utf8);
            Bound(raw.sqlite3_bind_text(_statement, slot, utf8[..length]));
        }

        _bound[index] = new Binding(BindingKind.Text, value, 0, 0);
    }

    public override void Set(int index, decimal? value)
    {
        var slot = _indexes[index];
        if (value is not { } number)
        {
            SetNull(index);
            return;
        }

        // Equal decimals have equal text in this format, whatever their scale.
        if (_bound[index].Kind == BindingKind.Decimal && _bound[index].Number == number)
        {
            return;
        }

        Span<byte> utf8 = stackalloc byte[64];
        var length = FormatDecimal(number, utf8);
        Bound(raw.sqlite3_bind_text(_statement, slot, utf8[..length]));
        _bound[index] = new Binding(BindingKind.Decimal, null, number, 0);
    }

    public override void Set(int index, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            SetNull(index);
            return;
        }

        Span<byte> utf8 = stackalloc byte[StoredTime.SqliteLength];
        StoredTime.FormatSqlite(time, utf8);
        Bound(raw.sqlite3_bind_text(_statement, _indexes[index], utf8));
        _bound[index] = default;
    }

    /// <summary>
    /// A decimal as Microsoft.Data.Sqlite stores it (the custom format "0.0###…": plain digits, trailing
    /// zeros dropped down to one decimal). Built from the general format, which is several times faster
    /// than parsing a custom format string for every value, then trimmed to the same text.
    /// </summary>
    internal static int FormatDecimal(decimal number, Span<byte> utf8)
    {
        if (!number.TryFormat(utf8, out var length, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{number} does not fit its text buffer");
        }

        var point = utf8[..length].IndexOf((byte)'.');
        if (point < 0)
        {
            utf8[length++] = (byte)'.';
            utf8[length++] = (byte)'0';
            return length;
        }

        while (length > point + 2 && utf8[length - 1] == (byte)'0')
        {
            length--;
        }

        return length;
    }

    public override void Set(int index, long? value)
    {
        if (value is not { } number)
        {
            SetNull(index);
            return;
        }

        if (_bound[index].Kind == BindingKind.Integer && _bound[index].Integer == number)
        {
            return;
        }

        Bound(raw.sqlite3_bind_int64(_statement, _indexes[index], number));
        _bound[index] = new Binding(BindingKind.Integer, null, 0, number);
    }

    private void SetNull(int index)
    {
        if (_bound[index].Kind == BindingKind.Null)
        {
            return;
        }

        Bound(raw.sqlite3_bind_null(_statement, _indexes[index]));
        _bound[index] = new Binding(BindingKind.Null, null, 0, 0);
    }

    private void Bound(int rc) => SqliteException.ThrowExceptionForRC(rc, _database);

    public override int ExecuteNonQuery()
    {
        Step(out _);
        return raw.sqlite3_changes(_database);
    }

    public override long ExecuteInt64()
    {
        if (!Step(out var first))
        {
            throw new InvalidOperationException("the statement returned no row");
        }

        return first;
    }

    public override long? ExecuteInt64OrNull() => Step(out var first) ? first : null;

    private bool Step(out long first)
    {
        var rc = raw.sqlite3_step(_statement);
        first = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_statement, 0) : 0;

        // Every change a statement makes, RETURNING included, happens in its first step; reset makes it reusable.
        raw.sqlite3_reset(_statement);
        if (rc is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }

        return rc == raw.SQLITE_ROW;
    }

    protected override void Dispose(bool disposing) => _statement.Dispose();

    private enum BindingKind
    {
        Unbound,
        Null,
        Text,
        Decimal,
        Integer,
    }

    private readonly record struct Binding(BindingKind Kind, string? Text, decimal Number, long Integer);
}
