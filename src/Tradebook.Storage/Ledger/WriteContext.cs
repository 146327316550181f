using System.Data.Common;
using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// What every writer of one recording session shares: the caller's connection and transaction, the
/// engine, the recording time and import batch stamped on every row, and the statements prepared once
/// for the session.
/// </summary>
internal sealed class WriteContext(TradebookDatabase database, DbConnection connection, DbTransaction transaction, DateTimeOffset now, long? importBatchId) : IDisposable
{
    private readonly List<RowStatement> _prepared = [];
    private readonly Dictionary<string, DbCommand> _reused = new(StringComparer.Ordinal);

    public TradebookDatabase Database => database;

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    public long? ImportBatchId => importBatchId;

    /// <summary>The recording time, as the engine binds it.</summary>
    public object RecordedAt { get; } = database.Timestamp(now);

    /// <summary>
    /// The import batch and recording time, as SQL literals for the hot prepared statements. Both are the
    /// session's own values, never user input.
    /// </summary>
    public string ConstantsLiteral { get; } =
        $"{importBatchId?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, {StoredTime.Literal(now)}";

    /// <summary>A command in the session's transaction, for a statement run once or a few times.</summary>
    public DbCommand Command(string sql) => connection.Command(transaction, sql);

    /// <summary>
    /// A command for a statement run for each row of some kind (an order's insert, a fill's order lookup, the check of a
    /// fill recorded again, a setting), kept for the
    /// session so that it is prepared once rather than on every row: a freqtrade import spent a quarter of its write
    /// time preparing the same order statements again. Its parameters are cleared for the caller to bind. The session
    /// disposes it: the caller must not.
    /// </summary>
    public DbCommand Reused(string sql)
    {
        if (!_reused.TryGetValue(sql, out var command))
        {
            command = connection.Command(transaction, sql);
            _reused[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>A statement prepared once per session and run for many rows; parameters are set by position.</summary>
    public RowStatement Prepare(string sql, params string[] parameters)
    {
        var statement = RowStatement.Prepare(connection, transaction, sql, parameters);
        _prepared.Add(statement);
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _prepared)
        {
            statement.Dispose();
        }

        foreach (var command in _reused.Values)
        {
            command.Dispose();
        }
    }
}
